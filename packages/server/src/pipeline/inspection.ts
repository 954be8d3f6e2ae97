/**
 * The periodic inspection report of a host group: agents offline, sensors degraded, critical
 * vulnerabilities unpatched past N days, listening ports and privileged accounts that appeared
 * since the previous report. Besides the item lists a report carries what a person reads first —
 * counts per section, an overall severity and a title and summary in English and zh-CN — so the
 * API, the console and every output (see AlertOutputs.publishInspection) show the same words.
 */
import type { Agent, AlertSeverityName, InspectionReport, InventoryRow, Store } from '../store/store.ts';
import { newId } from '../auth/secrets.ts';
import { isOnline } from './agent-status.ts';

export interface Bilingual {
  en: string;
  zh: string;
}

export interface InspectionItems {
  agents_offline: { agent_id: string; host_id: string; host_name: string; last_seen: string | null }[];
  sensors_degraded: { agent_id: string; host_id: string; host_name: string; sensors: string[] }[];
  critical_unpatched: { host_id: string; host_name: string; vuln_id: string; package_name: string; package_version: string; fixed_version: string | null; known_exploited: boolean; first_seen: string }[];
  new_listening_ports: { host_id: string; host_name: string; time: string; port: unknown; address: unknown; process: unknown }[];
  new_privileged_accounts: { host_id: string; host_name: string; time: string; table: string; account: unknown }[];
}

export type InspectionSection = keyof InspectionItems;

export interface InspectionFindings extends InspectionItems {
  [key: string]: unknown;
  group_name: string;
  period: { since: string; until: string };
  unpatched_days: number;
  agents_total: number;
  counts: Record<InspectionSection, number>;
  /** The most urgent section with anything in it decides; `info` when there is nothing to look at. */
  severity: AlertSeverityName;
  title: Bilingual;
  summary: Bilingual;
}

/** An inspection as stored and as delivered, its report typed. */
export type Inspection = Omit<InspectionReport, 'report'> & { report: InspectionFindings };

/** Where a finished report goes besides the store (the configured outputs). */
export interface InspectionSink {
  publishInspection(inspection: Inspection): void;
}

/** Each section: how urgent a non-empty one is, and how its count reads in a sentence. */
export const INSPECTION_SECTIONS: Record<InspectionSection, { severity: AlertSeverityName; en: (n: number, days: number) => string; zh: (n: number, days: number) => string }> = {
  agents_offline: { severity: 'medium', en: (n) => `${n} agent${n === 1 ? '' : 's'} offline`, zh: (n) => `${n} 个代理离线` },
  sensors_degraded: { severity: 'medium', en: (n) => `${n} agent${n === 1 ? '' : 's'} with degraded sensors`, zh: (n) => `${n} 个代理传感器降级` },
  critical_unpatched: {
    severity: 'high',
    en: (n, d) => `${n} critical vulnerabilit${n === 1 ? 'y' : 'ies'} unpatched for over ${d} days`,
    zh: (n, d) => `${n} 个严重漏洞超过 ${d} 天未修复`,
  },
  new_listening_ports: { severity: 'low', en: (n) => `${n} new listening port${n === 1 ? '' : 's'}`, zh: (n) => `${n} 个新监听端口` },
  new_privileged_accounts: { severity: 'high', en: (n) => `${n} new privileged account${n === 1 ? '' : 's'}`, zh: (n) => `${n} 个新特权账号` },
};

const SECTIONS = Object.keys(INSPECTION_SECTIONS) as InspectionSection[];
const RANK: Record<AlertSeverityName, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** Sensors the agent's health reports as anything but working. */
export function degradedSensors(health: Record<string, unknown> | null): string[] {
  const sensors = health?.sensors;
  if (!sensors || typeof sensors !== 'object') return [];
  const out: string[] = [];
  for (const [name, s] of Object.entries(sensors as Record<string, unknown>)) {
    const state = typeof s === 'string' ? s : ((s as { state?: unknown; status?: unknown })?.state ?? (s as { status?: unknown })?.status);
    if (typeof state === 'string' && !['ok', 'running', 'active', 'healthy', 'disabled', 'starting', 'verifying', 'watching'].includes(state)) out.push(`${name}: ${state}`);
  }
  return out;
}

function isPrivileged(table: string, row: InventoryRow): boolean {
  if (table === 'users') return row.is_uid0 === true || row.uid === 0 || row.uid === '0';
  return table === 'sudoers';
}

const text = (v: unknown): string => (v === null || v === undefined ? '?' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** One line naming an item: host first, then what is wrong there. */
export function describeItem(section: InspectionSection, item: InspectionItems[InspectionSection][number]): string {
  const i = item as Record<string, unknown>;
  const host = text(i.host_name);
  switch (section) {
    case 'agents_offline':
      return `${host}: offline since ${text(i.last_seen ?? 'never seen')}`;
    case 'sensors_degraded':
      return `${host}: ${(i.sensors as string[]).join(', ')}`;
    case 'critical_unpatched':
      return `${host}: ${text(i.vuln_id)}${i.known_exploited ? ' (known exploited)' : ''} in ${text(i.package_name)} ${text(i.package_version)}${i.fixed_version ? `, fixed in ${text(i.fixed_version)}` : ''}`;
    case 'new_listening_ports':
      return `${host}: port ${text(i.port)} on ${text(i.address)} (${text(i.process)})`;
    case 'new_privileged_accounts':
      return `${host}: ${text(i.account)} (${text(i.table)})`;
  }
}

/** The first `perSection` items of every non-empty section, most urgent section first. */
export function topItems(report: InspectionFindings, perSection: number): string[] {
  const ordered = [...SECTIONS].sort((a, b) => RANK[INSPECTION_SECTIONS[b].severity] - RANK[INSPECTION_SECTIONS[a].severity]);
  return ordered.flatMap((s) => report[s].slice(0, perSection).map((item) => describeItem(s, item)));
}

/** Counts, severity, title and summary from the item lists. */
export function describeReport(items: InspectionItems, ctx: { group_name: string; agents_total: number; unpatched_days: number }): Pick<InspectionFindings, 'counts' | 'severity' | 'title' | 'summary'> {
  const counts = Object.fromEntries(SECTIONS.map((s) => [s, items[s].length])) as Record<InspectionSection, number>;
  const present = SECTIONS.filter((s) => counts[s] > 0);
  const severity = present.reduce<AlertSeverityName>((worst, s) => (RANK[INSPECTION_SECTIONS[s].severity] > RANK[worst] ? INSPECTION_SECTIONS[s].severity : worst), 'info');
  const g = ctx.group_name;
  const hosts = { en: `${ctx.agents_total} agent${ctx.agents_total === 1 ? '' : 's'}`, zh: `${ctx.agents_total} 个代理` };
  const summary = present.length
    ? {
        en: `${hosts.en}: ${present.map((s) => INSPECTION_SECTIONS[s].en(counts[s], ctx.unpatched_days)).join('; ')}.`,
        zh: `${hosts.zh}：${present.map((s) => INSPECTION_SECTIONS[s].zh(counts[s], ctx.unpatched_days)).join('；')}。`,
      }
    : { en: `${hosts.en}: nothing to look at.`, zh: `${hosts.zh}：无异常。` };
  const title = present.length
    ? { en: `Inspection of ${g}: ${present.length === 1 ? '1 section needs' : `${present.length} sections need`} attention`, zh: `${g} 巡检：${present.length} 项需关注` }
    : { en: `Inspection of ${g}: all clear`, zh: `${g} 巡检：一切正常` };
  return { counts, severity, title, summary };
}

export async function inspectGroup(
  store: Store,
  groupId: string,
  opts: { since: string; unpatchedDays: number; now?: Date; sink?: InspectionSink },
): Promise<Inspection> {
  const now = opts.now ?? new Date();
  const { since, unpatchedDays } = opts;
  const until = now.toISOString();
  const group = await store.getAgentGroup(groupId);
  const agents: Agent[] = (await store.listAgents({ group_id: groupId, limit: 100_000 })).items;
  const items: InspectionItems = { agents_offline: [], sensors_degraded: [], critical_unpatched: [], new_listening_ports: [], new_privileged_accounts: [] };
  const cutoff = new Date(now.getTime() - unpatchedDays * 86_400_000).toISOString();
  for (const a of agents) {
    const host = { host_id: a.host_id, host_name: a.name };
    if (!isOnline(a, now)) items.agents_offline.push({ agent_id: a.id, ...host, last_seen: a.last_seen });
    const degraded = degradedSensors(a.health);
    if (degraded.length) items.sensors_degraded.push({ agent_id: a.id, ...host, sensors: degraded });
    const vulns = await store.listFindings({ host_id: a.host_id, severity: ['CRITICAL'], first_seen_before: cutoff, limit: 1000 });
    for (const f of vulns.items) {
      items.critical_unpatched.push({ ...host, vuln_id: f.vuln_id, package_name: f.package_name, package_version: f.package_version, fixed_version: f.fixed_version, known_exploited: f.known_exploited, first_seen: f.first_seen });
    }
    for (const table of ['listening_ports', 'users', 'sudoers']) {
      const changes = await store.listInventoryChanges({ host_id: a.host_id, table, since, until, limit: 1000 });
      for (const c of changes.items) {
        const rows = [...c.added, ...c.changed.filter((x) => !isPrivileged(table, x.before)).map((x) => x.after)];
        for (const row of rows) {
          if (table === 'listening_ports') items.new_listening_ports.push({ ...host, time: c.time, port: row.port, address: row.address, process: row.path ?? row.name ?? null });
          else if (isPrivileged(table, row)) items.new_privileged_accounts.push({ ...host, time: c.time, table, account: row.username ?? row.header ?? row });
        }
      }
    }
  }
  const ctx = { group_name: group?.name ?? groupId, agents_total: agents.length, unpatched_days: unpatchedDays };
  const report: InspectionFindings = { ...ctx, period: { since, until }, ...describeReport(items, ctx), ...items };
  const saved: Inspection = { id: newId(), group_id: groupId, time: until, report };
  await store.saveInspection(saved);
  opts.sink?.publishInspection(saved);
  return saved;
}
