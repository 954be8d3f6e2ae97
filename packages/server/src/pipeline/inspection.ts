/**
 * The periodic inspection report of a host group: agents offline, sensors degraded, critical
 * vulnerabilities unpatched past N days, listening ports and privileged accounts that appeared
 * since the previous report.
 */
import type { Agent, InspectionReport, InventoryRow, Store } from '../store/store.ts';
import { newId } from '../auth/secrets.ts';
import { isOnline } from './agent-status.ts';

export interface InspectionFindings {
  [key: string]: unknown;
  period: { since: string; until: string };
  agents_total: number;
  agents_offline: { agent_id: string; host_id: string; last_seen: string | null }[];
  sensors_degraded: { agent_id: string; host_id: string; sensors: string[] }[];
  critical_unpatched: { host_id: string; vuln_id: string; package_name: string; first_seen: string }[];
  new_listening_ports: { host_id: string; time: string; port: unknown; address: unknown; process: unknown }[];
  new_privileged_accounts: { host_id: string; time: string; table: string; account: unknown }[];
}

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

export async function inspectGroup(store: Store, groupId: string, since: string, unpatchedDays: number, now = new Date()): Promise<InspectionReport> {
  const until = now.toISOString();
  const agents: Agent[] = (await store.listAgents({ group_id: groupId, limit: 100_000 })).items;
  const report: InspectionFindings = {
    period: { since, until },
    agents_total: agents.length,
    agents_offline: [],
    sensors_degraded: [],
    critical_unpatched: [],
    new_listening_ports: [],
    new_privileged_accounts: [],
  };
  const cutoff = new Date(now.getTime() - unpatchedDays * 86_400_000).toISOString();
  for (const a of agents) {
    if (!isOnline(a, now)) report.agents_offline.push({ agent_id: a.id, host_id: a.host_id, last_seen: a.last_seen });
    const degraded = degradedSensors(a.health);
    if (degraded.length) report.sensors_degraded.push({ agent_id: a.id, host_id: a.host_id, sensors: degraded });
    const vulns = await store.listFindings({ host_id: a.host_id, severity: ['CRITICAL'], first_seen_before: cutoff, limit: 1000 });
    for (const f of vulns.items) report.critical_unpatched.push({ host_id: a.host_id, vuln_id: f.vuln_id, package_name: f.package_name, first_seen: f.first_seen });
    for (const table of ['listening_ports', 'users', 'sudoers']) {
      const changes = await store.listInventoryChanges({ host_id: a.host_id, table, since, until, limit: 1000 });
      for (const c of changes.items) {
        const rows = [...c.added, ...c.changed.filter((x) => !isPrivileged(table, x.before)).map((x) => x.after)];
        for (const row of rows) {
          if (table === 'listening_ports') report.new_listening_ports.push({ host_id: a.host_id, time: c.time, port: row.port, address: row.address, process: row.path ?? row.name ?? null });
          else if (isPrivileged(table, row)) report.new_privileged_accounts.push({ host_id: a.host_id, time: c.time, table, account: row.username ?? row.header ?? row });
        }
      }
    }
  }
  const saved: InspectionReport = { id: newId(), group_id: groupId, time: until, report };
  await store.saveInspection(saved);
  return saved;
}
