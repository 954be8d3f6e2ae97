/** Overview, inspections, settings, outputs, live stream, OpenAPI, metrics, health. */
import { z } from 'zod';
import { notFound } from '../http/api-error.ts';
import { openApiDocument } from '../http/openapi.ts';
import { type RouteSpec, route } from '../http/route.ts';
import { idParams, jsonObject, okSchema, pageOf, pageQuery } from '../http/schemas.ts';
import { newId } from '../auth/secrets.ts';
import { SEVERITIES, SORT_KEYS, type OutputConfig } from '../store/store.ts';
import { settingsPatchSchema, settingsSchema } from '../settings.ts';
import type { Services } from '../services.ts';
import { OFFLINE_AFTER_MS } from '../pipeline/agent-status.ts';
import { AlertOutputs } from '../pipeline/alert-outputs.ts';
import { inspectGroup } from '../pipeline/inspection.ts';
import { RECORD_TYPES } from '../outputs/index.ts';

const outputSchema = z.object({ id: z.string(), type: z.string(), name: z.string(), enabled: z.boolean(), config: jsonObject, min_severity: z.enum(SEVERITIES), created_at: z.string(), updated_at: z.string() });
const outputBody = z.object({ type: z.string().min(1), name: z.string().min(1).max(200), enabled: z.boolean().default(true), config: jsonObject, min_severity: z.enum(SEVERITIES).default('low') });
const inspectionSchema = z.object({ id: z.string(), group_id: z.string(), time: z.string(), report: jsonObject });

/** Secrets in output configs (webhook HMAC keys) are never sent back. */
function outputView(o: OutputConfig): OutputConfig {
  return { ...o, config: Object.fromEntries(Object.entries(o.config).map(([k, v]) => [k, /secret|password|token/i.test(k) ? '********' : v])) };
}

export function systemRoutes(s: Services, allRoutes: () => readonly RouteSpec[]): RouteSpec[] {
  return [
    route({
      method: 'GET',
      path: '/overview',
      summary: 'Dashboard: agents, alerts over time, top vulnerable assets, compliance, latest inspection / 总览',
      tag: 'overview',
      access: 'viewer',
      response: z.object({
        agents: z.object({ online: z.number().int(), offline: z.number().int() }),
        alerts_by_severity: z.array(z.object({ bucket: z.string(), severity: z.enum(SEVERITIES), count: z.number().int() })),
        open_alerts: z.number().int(),
        top_vulnerable_hosts: z.array(z.object({ target_id: z.string(), total: z.number().int(), critical: z.number().int(), high: z.number().int() })),
        top_vulnerable_images: z.array(z.object({ target_id: z.string(), total: z.number().int(), critical: z.number().int(), high: z.number().int() })),
        compliance_score: z.number().nullable(),
        latest_inspection: inspectionSchema.nullable(),
      }),
      async handler() {
        const cut = new Date(Date.now() - OFFLINE_AFTER_MS).toISOString();
        const since = new Date(Date.now() - 14 * 86_400_000).toISOString();
        const [online, offline, hist, open, hosts, images, pass, fail, inspection] = await Promise.all([
          s.store.listAgents({ seen_since: cut, limit: 1 }),
          s.store.listAgents({ not_seen_since: cut, limit: 1 }),
          s.store.alertHistogram(since, 'day'),
          s.store.listAlerts({ status: ['new', 'acknowledged'], limit: 1 }),
          s.store.findingCountsByTarget('host', 10),
          s.store.findingCountsByTarget('image', 10),
          s.store.listComplianceResults({ status: 'pass', limit: 1 }),
          s.store.listComplianceResults({ status: 'fail', limit: 1 }),
          s.store.listInspections({ limit: 1 }),
        ]);
        const strip = (rows: typeof hosts) => rows.map(({ target_kind: _k, ...r }) => r);
        const checked = pass.total + fail.total;
        return {
          agents: { online: online.total, offline: offline.total },
          alerts_by_severity: hist,
          open_alerts: open.total,
          top_vulnerable_hosts: strip(hosts),
          top_vulnerable_images: strip(images),
          compliance_score: checked ? Math.round((pass.total / checked) * 1000) / 10 : null,
          latest_inspection: inspection.items[0] ?? null,
        };
      },
    }),
    route({
      method: 'GET',
      path: '/inspections',
      summary: 'Periodic inspection reports per host group / 巡检报告',
      tag: 'inspections',
      access: 'viewer',
      query: pageQuery(SORT_KEYS.inspections).extend({ group_id: z.string().optional() }),
      response: pageOf(inspectionSchema),
      async handler({ query }) {
        return s.store.listInspections(query);
      },
    }),
    route({
      method: 'POST',
      path: '/inspections',
      summary: 'Run an inspection of a group now; the report also goes to the outputs that take inspections / 立即巡检',
      tag: 'inspections',
      access: 'admin',
      status: 201,
      body: z.object({ group_id: z.string().min(1), since: z.string().datetime({ offset: true }).optional() }),
      response: inspectionSchema,
      async handler({ body }) {
        if (!(await s.store.getAgentGroup(body.group_id))) throw notFound(`agent group ${body.group_id}`);
        const since = body.since ?? new Date(Date.now() - s.settings.get().inspection_interval_seconds * 1000).toISOString();
        return inspectGroup(s.store, body.group_id, { since, unpatchedDays: s.settings.get().unpatched_days, sink: s.outputs });
      },
    }),
    route({
      method: 'GET',
      path: '/settings',
      summary: 'Server settings: retention, dedup window … / 服务设置',
      tag: 'settings',
      access: 'viewer',
      response: settingsSchema,
      async handler() {
        return s.settings.get();
      },
    }),
    route({
      method: 'PATCH',
      path: '/settings',
      summary: 'Change server settings / 修改服务设置',
      tag: 'settings',
      access: 'admin',
      body: settingsPatchSchema,
      response: settingsSchema,
      async handler({ body }) {
        return s.settings.update(body);
      },
    }),
    route({
      method: 'GET',
      path: '/outputs',
      summary: 'Outputs (webhook, syslog/CEF, file) of alerts and inspection reports, with delivery counts per record type / 告警与巡检输出',
      tag: 'outputs',
      access: 'admin',
      response: pageOf(outputSchema).extend({ stats: z.array(z.object({ name: z.string(), records: z.enum(RECORD_TYPES), sent: z.number(), failed: z.number(), dropped: z.number(), queued: z.number() })) }),
      async handler() {
        const items = (await s.store.listOutputs()).map(outputView);
        return { items, total: items.length, stats: s.outputs.stats() };
      },
    }),
    route({
      method: 'POST',
      path: '/outputs',
      summary: 'Add an output; config.records chooses alerts, inspections or both (default) / 新增输出',
      tag: 'outputs',
      access: 'admin',
      status: 201,
      body: outputBody,
      response: outputSchema,
      async handler({ body }) {
        AlertOutputs.check(body);
        const now = new Date().toISOString();
        const o = await s.store.putOutput({ id: newId(), ...body, created_at: now, updated_at: now });
        await s.outputs.reload();
        return outputView(o);
      },
    }),
    route({
      method: 'PUT',
      path: '/outputs/{id}',
      summary: 'Replace an output / 修改输出',
      tag: 'outputs',
      access: 'admin',
      params: idParams,
      body: outputBody,
      response: outputSchema,
      async handler({ params, body }) {
        const old = (await s.store.listOutputs()).find((o) => o.id === params.id);
        if (!old) throw notFound(`output ${params.id}`);
        AlertOutputs.check(body);
        const o = await s.store.putOutput({ ...old, ...body, updated_at: new Date().toISOString() });
        await s.outputs.reload();
        return outputView(o);
      },
    }),
    route({
      method: 'DELETE',
      path: '/outputs/{id}',
      summary: 'Remove an output / 删除输出',
      tag: 'outputs',
      access: 'admin',
      params: idParams,
      response: okSchema,
      async handler({ params }) {
        if (!(await s.store.deleteOutput(params.id))) throw notFound(`output ${params.id}`);
        await s.outputs.reload();
        return { ok: true as const };
      },
    }),
    route({
      method: 'GET',
      path: '/stream',
      summary: 'Live updates (server-sent events: alert, alert.update, agent.status) / 实时推送',
      tag: 'overview',
      access: 'viewer',
      produces: 'text/event-stream',
      async handler({ reply, req }) {
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
        res.write(': connected\n\n');
        // A client that stops reading loses updates past ~1 MiB buffered, never the server's memory.
        const unsubscribe = s.live.subscribe({ write: (chunk) => (res.writableLength < 1 << 20 ? res.write(chunk) : false) });
        const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
        req.raw.on('close', () => {
          clearInterval(ping);
          unsubscribe();
        });
        return reply;
      },
    }),
    route({
      method: 'GET',
      path: '/openapi.json',
      summary: 'This API as OpenAPI 3.1 / 接口文档',
      tag: 'system',
      access: 'public',
      async handler() {
        return openApiDocument(allRoutes(), s.version);
      },
    }),
    route({
      method: 'GET',
      path: '/health',
      summary: 'Liveness / 健康检查',
      tag: 'system',
      access: 'public',
      response: z.object({ ok: z.literal(true), version: z.string() }),
      async handler() {
        return { ok: true as const, version: s.version };
      },
    }),
    route({
      method: 'GET',
      path: '/metrics',
      absolute: true,
      summary: 'Prometheus metrics (API token as bearer) / 监控指标',
      tag: 'system',
      access: 'viewer',
      produces: 'text/plain; version=0.0.4',
      async handler({ reply }) {
        return reply.header('Content-Type', 'text/plain; version=0.0.4').send(await s.metrics.render());
      },
    }),
  ];
}
