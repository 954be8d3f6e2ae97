/** Alerts, incidents, response actions, the ATT&CK matrix, rules and suppressions. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { Engine, loadRulePaths, type Rule } from '@vigil/detect';
import { parseEvent, type VigilEvent } from '@vigil/schema';
import { ApiError, notFound } from '../http/api-error.ts';
import { type Principal, type RouteSpec, route } from '../http/route.ts';
import { actionSchema, alertSchema, csvOf, idParams, incidentSchema, isoTime, jsonObject, okSchema, pageOf, pageQuery } from '../http/schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { newId } from '../auth/secrets.ts';
import { ACTION_TYPES, ALERT_STATUSES, SEVERITIES, SORT_KEYS, type AlertRecord, type StoredEvent } from '../store/store.ts';
import type { Services } from '../services.ts';
import { incidentStory } from '../pipeline/incidents.ts';

const ruleSchema = z.object({ id: z.string(), name: z.string(), source: z.string(), file: z.string().nullable(), description: z.string().nullable(), severity: z.enum(SEVERITIES), techniques: z.array(z.string()), tactics: z.array(z.string()), tags: z.array(z.string()), enabled: z.boolean() });
const storedEventSchema = z.object({ id: z.string(), batch_id: z.string(), host_id: z.string(), time: z.string(), kind: z.string(), event: jsonObject });
const processNode = z.object({ id: z.string(), pid: z.number().nullable(), name: z.string().nullable(), executable: z.string().nullable(), command_line: z.string().nullable(), parent: z.string().nullable() });
const graphSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), type: z.enum(['process', 'file', 'connection', 'user', 'host']), label: z.string() }).catchall(z.unknown())),
  edges: z.array(z.object({ from: z.string(), to: z.string(), type: z.string() })),
});
const timelineSchema = z.array(z.object({ time: z.string(), event_id: z.string(), kind: z.string(), summary: z.string(), process: z.string().nullable(), alert_ids: z.array(z.string()) }));

const ruleView = (r: Rule) => ({ id: r.id, name: r.name, source: r.source, file: r.file ?? null, description: r.description ?? null, severity: r.severity, techniques: r.techniques, tactics: r.tactics, tags: r.tags, enabled: r.enabled });

/**
 * A rule's text as written: the YAML list item that starts at its line (Vigil), the `- rule:`
 * item of its name (Falco), or its whole file (Sigma: one rule a file); `null` without a file.
 */
async function ruleText(r: Rule): Promise<string | null> {
  if (!r.file) return null;
  let lines: string[];
  try {
    lines = (await readFile(r.file, 'utf8')).split('\n');
  } catch {
    return null;
  }
  if (r.source === 'sigma') return lines.join('\n').trimEnd();
  const start = r.line ? r.line - 1 : lines.findIndex((l) => /^- (rule|macro|list):/.test(l) && l.slice(l.indexOf(':') + 1).trim().replace(/^(['"])(.*)\1$/, '$2') === r.name);
  if (start < 0 || start >= lines.length) return null;
  const next = lines.findIndex((l, i) => i > start && /^(- |---)/.test(l));
  return lines.slice(start, next < 0 ? undefined : next).join('\n').trimEnd();
}

/** The triggering processes and their ancestors, as the events describe them. */
function processTree(events: readonly StoredEvent[]): z.infer<typeof processNode>[] {
  const nodes = new Map<string, z.infer<typeof processNode>>();
  for (const { event: ev } of events) {
    const chain = [ev.process, ev.process?.parent, ...(ev.process?.ancestors ?? [])].filter((p) => p !== undefined);
    chain.forEach((p, i) => {
      const id = p.entity_id ?? `${ev.host.id}:${p.pid}`;
      const up = chain[i + 1];
      if (!nodes.has(id)) nodes.set(id, { id, pid: p.pid ?? null, name: p.name ?? null, executable: p.executable ?? null, command_line: p.command_line ?? p.args?.join(' ') ?? null, parent: up ? (up.entity_id ?? `${ev.host.id}:${up.pid}`) : null });
    });
  }
  return [...nodes.values()];
}

/** An alert or incident as listed and shown: with its host's name (`null` once the host record is gone). */
const withHost = <S extends z.ZodObject>(schema: S) => schema.extend({ host_name: z.string().nullable() });

function author(p: Principal): string {
  return p.kind === 'user' ? p.user.username : actorOf(p);
}

export function detectionRoutes(s: Services): RouteSpec[] {
  async function changeAlert(id: string, body: { status?: AlertRecord['status']; assignee?: string | null; comment?: string }, p: Principal): Promise<AlertRecord> {
    const now = new Date().toISOString();
    let a = await s.store.getAlert(id);
    if (!a) throw notFound(`alert ${id}`);
    if (body.status !== undefined || body.assignee !== undefined) a = (await s.store.updateAlert(id, { status: body.status, assignee: body.assignee, updated_at: now }))!;
    if (body.comment) a = (await s.store.addAlertComment(id, { time: now, author: author(p), text: body.comment }))!;
    s.live.publish('alert.update', a);
    return a;
  }

  /** Adds `host_name` to each item: one host lookup per distinct host id of the page. */
  async function named<T extends { host_id: string }>(items: readonly T[]): Promise<(T & { host_name: string | null })[]> {
    const ids = [...new Set(items.map((i) => i.host_id))];
    const names = new Map(await Promise.all(ids.map(async (id) => [id, (await s.store.getHost(id))?.name ?? null] as const)));
    return items.map((i) => ({ ...i, host_name: names.get(i.host_id) ?? null }));
  }

  return [
    route({
      method: 'GET',
      path: '/alerts',
      summary: 'Alerts with filters / 告警列表',
      tag: 'alerts',
      access: 'viewer',
      query: pageQuery(SORT_KEYS.alerts).extend({
        status: csvOf(ALERT_STATUSES).optional(),
        severity: csvOf(SEVERITIES).optional(),
        host_id: z.string().optional(),
        technique: z.string().optional(),
        tactic: z.string().optional(),
        rule: z.string().optional(),
        incident_id: z.string().optional(),
        q: z.string().optional(),
        since: isoTime.optional(),
        until: isoTime.optional(),
      }),
      response: pageOf(withHost(alertSchema)),
      async handler({ query }) {
        const { rule, ...rest } = query;
        const page = await s.store.listAlerts({ ...rest, rule_id: rule });
        return { ...page, items: await named(page.items) };
      },
    }),
    route({
      method: 'GET',
      path: '/alerts/{id}',
      summary: 'One alert with its rule, triggering events and process tree / 告警详情',
      tag: 'alerts',
      access: 'viewer',
      params: idParams,
      response: withHost(alertSchema).extend({ rule: ruleSchema.nullable(), events: z.array(storedEventSchema), process_tree: z.array(processNode), actions: z.array(actionSchema) }),
      async handler({ params }) {
        const a = await s.store.getAlert(params.id);
        if (!a) throw notFound(`alert ${params.id}`);
        const events = await s.store.getEvents(a.event_ids);
        const rule = s.rules.get(a.rule_id);
        const [shown] = await named([a]);
        return { ...shown!, rule: rule ? ruleView(rule) : null, events, process_tree: processTree(events), actions: await s.store.listActions({ alert_id: a.id }) };
      },
    }),
    route({
      method: 'PATCH',
      path: '/alerts/{id}',
      summary: 'Triage an alert: status, assignee, comment / 处置告警',
      tag: 'alerts',
      access: 'analyst',
      params: idParams,
      body: z.object({ status: z.enum(ALERT_STATUSES).optional(), assignee: z.string().max(200).nullable().optional(), comment: z.string().min(1).max(10_000).optional() }).strict(),
      response: alertSchema,
      async handler({ params, body, principal }) {
        return changeAlert(params.id, body, principal);
      },
    }),
    route({
      method: 'POST',
      path: '/alerts/bulk',
      summary: 'Set the status of many alerts / 批量处置告警',
      tag: 'alerts',
      access: 'analyst',
      body: z.object({ ids: z.array(z.string()).min(1).max(1000), status: z.enum(ALERT_STATUSES) }),
      response: z.object({ updated: z.number().int(), missing: z.array(z.string()) }),
      async handler({ body, principal }) {
        const missing: string[] = [];
        for (const id of body.ids) {
          if (!(await s.store.getAlert(id))) missing.push(id);
          else await changeAlert(id, { status: body.status }, principal);
        }
        return { updated: body.ids.length - missing.length, missing };
      },
    }),
    route({
      method: 'POST',
      path: '/alerts/{id}/actions',
      summary: 'Queue a response action on the alert’s host; delivered in its next heartbeat / 下发响应动作',
      tag: 'alerts',
      access: 'analyst',
      status: 201,
      params: idParams,
      body: z.object({ type: z.enum(ACTION_TYPES), params: jsonObject.default({}) }),
      response: actionSchema,
      async handler({ params, body, principal }) {
        const a = await s.store.getAlert(params.id);
        if (!a) throw notFound(`alert ${params.id}`);
        const agent = (await s.store.listAgents({ host_id: a.host_id, limit: 1 })).items[0];
        if (!agent) throw new ApiError(409, `host ${a.host_id} has no enrolled agent / 该主机无代理`);
        return s.store.createAction({ id: newId(), agent_id: agent.id, alert_id: a.id, type: body.type, params: body.params, status: 'queued', requested_by: actorOf(principal), requested_at: new Date().toISOString(), delivered_at: null, result: null, completed_at: null });
      },
    }),

    route({
      method: 'GET',
      path: '/incidents',
      summary: 'Incidents: a host’s related alerts / 安全事件列表',
      tag: 'incidents',
      access: 'viewer',
      query: pageQuery(SORT_KEYS.incidents).extend({ host_id: z.string().optional(), status: z.enum(['open', 'closed']).optional() }),
      response: pageOf(withHost(incidentSchema)),
      async handler({ query }) {
        const page = await s.store.listIncidents(query);
        return { ...page, items: await named(page.items) };
      },
    }),
    route({
      method: 'GET',
      path: '/incidents/{id}',
      summary: 'An incident’s attack story: graph and timeline / 攻击故事线',
      tag: 'incidents',
      access: 'viewer',
      params: idParams,
      response: withHost(incidentSchema).extend({ alerts: z.array(withHost(alertSchema)), graph: graphSchema, timeline: timelineSchema }),
      async handler({ params }) {
        const incident = await s.store.getIncident(params.id);
        if (!incident) throw notFound(`incident ${params.id}`);
        const alerts = (await s.store.listAlerts({ incident_id: incident.id, limit: 1000, sort: 'first_seen', order: 'asc' })).items;
        const [shown] = await named([incident]);
        return { ...shown!, alerts: await named(alerts), ...(await incidentStory(s.store, incident, alerts)) };
      },
    }),
    route({
      method: 'PATCH',
      path: '/incidents/{id}',
      summary: 'Close or reopen an incident / 关闭或重开事件',
      tag: 'incidents',
      access: 'analyst',
      params: idParams,
      body: z.object({ status: z.enum(['open', 'closed']) }).strict(),
      response: incidentSchema,
      async handler({ params, body }) {
        const i = await s.store.updateIncident(params.id, { status: body.status, updated_at: new Date().toISOString() });
        if (!i) throw notFound(`incident ${params.id}`);
        return i;
      },
    }),

    route({
      method: 'GET',
      path: '/attack/matrix',
      summary: 'Alert counts per ATT&CK tactic and technique / ATT&CK 矩阵',
      tag: 'alerts',
      access: 'viewer',
      query: z.object({ since: isoTime.optional() }),
      response: z.object({ tactics: z.array(z.object({ tactic: z.string(), techniques: z.array(z.object({ technique: z.string(), count: z.number().int() })) })) }),
      async handler({ query }) {
        const byTactic = new Map<string, { technique: string; count: number }[]>();
        for (const c of await s.store.attackCounts(query.since)) {
          const t = c.tactic ?? 'unknown';
          byTactic.set(t, [...(byTactic.get(t) ?? []), { technique: c.technique, count: c.count }]);
        }
        return { tactics: [...byTactic].map(([tactic, techniques]) => ({ tactic, techniques })) };
      },
    }),

    route({
      method: 'GET',
      path: '/rules',
      summary: 'Detection rules loaded by the server / 检测规则',
      tag: 'rules',
      access: 'viewer',
      query: z.object({ q: z.string().optional(), enabled: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(5000).default(100), offset: z.coerce.number().int().min(0).default(0) }),
      response: pageOf(ruleSchema).extend({ skipped: z.array(z.object({ name: z.string(), source: z.string(), reason: z.string() })) }),
      async handler({ query }) {
        const q = query.q?.toLowerCase();
        const rules = s.rules.list().filter((r) => (!q || r.name.toLowerCase().includes(q) || r.id.toLowerCase().includes(q)) && (query.enabled === undefined || String(r.enabled) === query.enabled));
        return { items: rules.slice(query.offset, query.offset + query.limit).map(ruleView), total: rules.length, skipped: s.rules.skipped.map((k) => ({ name: k.name, source: k.source, reason: k.reason })) };
      },
    }),
    route({
      method: 'GET',
      path: '/rules/{id}',
      summary: 'One rule with its text as written in its file / 规则详情（含规则原文）',
      tag: 'rules',
      access: 'viewer',
      params: idParams,
      response: ruleSchema.extend({ line: z.number().int().nullable(), text: z.string().nullable() }),
      async handler({ params }) {
        const r = s.rules.get(params.id);
        if (!r) throw notFound(`rule ${params.id}`);
        return { ...ruleView(r), line: r.line ?? null, text: await ruleText(r) };
      },
    }),
    route({
      method: 'PATCH',
      path: '/rules/{id}',
      summary: 'Enable or disable a rule / 启用或禁用规则',
      tag: 'rules',
      access: 'analyst',
      params: idParams,
      body: z.object({ enabled: z.boolean() }).strict(),
      response: ruleSchema,
      async handler({ params, body }) {
        if (!s.rules.get(params.id)) throw notFound(`rule ${params.id}`);
        await s.store.setRuleState(params.id, body.enabled);
        s.rules.setEnabled(params.id, body.enabled);
        return ruleView(s.rules.get(params.id)!);
      },
    }),
    route({
      method: 'POST',
      path: '/rules/test',
      summary: 'Run a rule (Vigil, Falco or Sigma YAML) over sample events / 规则测试',
      tag: 'rules',
      access: 'analyst',
      body: z.object({ rule_yaml: z.string().min(1).max(1_000_000), events: z.array(z.unknown()).max(10_000) }),
      response: z.object({ rules: z.array(z.string()), skipped: z.array(z.object({ name: z.string(), reason: z.string() })), alerts: z.array(z.object({ rule: z.string(), severity: z.enum(SEVERITIES), output: z.string(), event_index: z.number().int() })) }),
      async handler({ body }) {
        const events: VigilEvent[] = body.events.map((e, i) => parseEvent(e, `events[${i}]`));
        const dir = mkdtempSync(join(tmpdir(), 'vigil-rule-test-'));
        try {
          writeFileSync(join(dir, 'rule.yaml'), body.rule_yaml);
          const loaded = loadRulePaths([join(dir, 'rule.yaml')]);
          const { engine, compiled, skipped } = Engine.build(loaded.rules.map((r) => ({ ...r, enabled: true })));
          const alerts: { rule: string; severity: (typeof SEVERITIES)[number]; output: string; event_index: number }[] = [];
          const index = new Map(events.map((e, i) => [e, i]));
          const collect = (list: ReturnType<typeof engine.process>) => list.forEach((a) => alerts.push({ rule: a.rule.name, severity: a.severity, output: a.output, event_index: index.get(a.event) ?? -1 }));
          for (const ev of events) collect(engine.process(ev));
          collect(engine.flush());
          return { rules: compiled.map((r) => r.name), skipped: [...loaded.skipped, ...skipped].map((k) => ({ name: k.name, reason: k.reason })), alerts };
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    }),

    route({
      method: 'GET',
      path: '/suppressions',
      summary: 'Suppression rules / 告警抑制规则',
      tag: 'rules',
      access: 'viewer',
      response: pageOf(z.object({ id: z.string(), rule_id: z.string().nullable(), host_id: z.string().nullable(), process_executable: z.string().nullable(), container_image: z.string().nullable(), reason: z.string(), created_by: z.string().nullable(), created_at: z.string() })),
      async handler() {
        const items = await s.store.listSuppressions();
        return { items, total: items.length };
      },
    }),
    route({
      method: 'POST',
      path: '/suppressions',
      summary: 'Suppress future alerts matching every given field / 新增抑制规则',
      tag: 'rules',
      access: 'analyst',
      status: 201,
      body: z
        .object({ rule_id: z.string().optional(), host_id: z.string().optional(), process_executable: z.string().optional(), container_image: z.string().optional(), reason: z.string().min(1).max(1000) })
        .refine((b) => b.rule_id ?? b.host_id ?? b.process_executable ?? b.container_image, 'give at least one of rule_id, host_id, process_executable, container_image'),
      response: z.object({ id: z.string() }).catchall(z.unknown()),
      async handler({ body, principal }) {
        const sup = await s.store.createSuppression({ id: newId(), rule_id: body.rule_id ?? null, host_id: body.host_id ?? null, process_executable: body.process_executable ?? null, container_image: body.container_image ?? null, reason: body.reason, created_by: author(principal), created_at: new Date().toISOString() });
        await s.alerts.loadSuppressions();
        return sup;
      },
    }),
    route({
      method: 'DELETE',
      path: '/suppressions/{id}',
      summary: 'Remove a suppression rule / 删除抑制规则',
      tag: 'rules',
      access: 'analyst',
      params: idParams,
      response: okSchema,
      async handler({ params }) {
        if (!(await s.store.deleteSuppression(params.id))) throw notFound(`suppression ${params.id}`);
        await s.alerts.loadSuppressions();
        return { ok: true as const };
      },
    }),
  ];
}
