/** The agent protocol: enrollment, events, inventory, heartbeat, action results, compliance. */
import { z } from 'zod';
import { BusFullError } from '../bus/bus.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { type Principal, type RouteSpec, route } from '../http/route.ts';
import { ackSchema, agentParams, jsonObject, okSchema } from '../http/schemas.ts';
import { SECRET_PREFIX, hashSecret, newId, newSecret } from '../auth/secrets.ts';
import { ACTION_TYPES, DEFAULT_GROUP_ID, type Agent } from '../store/store.ts';
import type { Services } from '../services.ts';
import { HEARTBEAT_SECONDS, isOnline, withStatus } from '../pipeline/agent-status.ts';
import { eventBatchBody } from '../pipeline/ingest.ts';
import { inventoryBody, saveInventory } from '../pipeline/inventory.ts';

const complianceBody = z.object({
  id: z.string().min(1).max(200),
  report: z.object({
    profile: z.string().min(1),
    time: z.string().datetime({ offset: true }).optional(),
    results: z.array(
      z
        .object({
          id: z.string().min(1),
          title: z.object({ en: z.string(), zh: z.string().optional() }),
          status: z.enum(['pass', 'fail', 'warn', 'manual']),
          evidence: z.unknown().optional(),
        })
        .passthrough(),
    ),
  }),
});

const TOUCH_INTERVAL_MS = 5000;

/** Agent routes run only for agent principals (checked by the app before the handler). */
function agentOf(p: Principal): Agent {
  if (p.kind !== 'agent') throw new ApiError(403, 'agent routes take an agent credential');
  return p.agent;
}

export function agentRoutes(s: Services): RouteSpec[] {
  /** When this process last wrote each agent's last_seen (event batches arrive many a second). */
  const touched = new Map<string, number>();
  /** Every authenticated agent call marks it seen; a host coming back is announced. */
  async function seen(agent: Agent, heartbeat?: { version: string; health: Record<string, unknown> }) {
    const now = new Date();
    // One synced write per agent per few seconds, not per batch: online means seen within 90 s.
    if (!heartbeat && now.getTime() - (touched.get(agent.id) ?? 0) < TOUCH_INTERVAL_MS) return;
    touched.set(agent.id, now.getTime());
    await s.store.touchAgent(agent.id, now.toISOString(), heartbeat);
    if (!isOnline(agent, now)) s.live.publish('agent.status', withStatus({ ...agent, last_seen: now.toISOString() }, now));
  }

  return [
    route({
      method: 'POST',
      path: '/agents/enroll',
      summary: 'Enroll an agent with an enrollment token / 代理注册',
      tag: 'agents',
      access: 'public',
      status: 201,
      body: z.object({ token: z.string().min(1), host: z.object({ id: z.string().min(1).max(200), name: z.string().min(1).max(255) }), version: z.string().min(1).max(100) }),
      response: z.object({ agent_id: z.string(), credential: z.string() }),
      async handler({ body }) {
        const now = new Date().toISOString();
        const token = await s.store.getEnrollmentTokenByHash(hashSecret(body.token));
        if (!token || (token.expires_at && token.expires_at <= now)) throw new ApiError(401, 'invalid or expired enrollment token / 注册令牌无效或已过期');
        const credential = newSecret(SECRET_PREFIX.agent);
        await s.store.upsertHost({ id: body.host.id, name: body.host.name, seen: now, ...(token.group_id ? { group_id: token.group_id } : {}) });
        const agent = await s.store.enrollAgent({ new_agent_id: newId(), host_id: body.host.id, name: body.host.name, version: body.version, credential_hash: hashSecret(credential), group_id: token.group_id, time: now });
        await s.store.countEnrollmentTokenUse(token.id);
        return { agent_id: agent.id, credential };
      },
    }),
    route({
      method: 'POST',
      path: '/agents/{agent_id}/events',
      summary: 'Post a batch of events; acknowledged once durable / 上报事件批次',
      tag: 'agents',
      access: 'agent',
      audit: false,
      params: agentParams,
      body: eventBatchBody,
      response: ackSchema,
      async handler({ principal, body, req }) {
        const key = req.headers['idempotency-key'];
        if (key !== undefined && key !== body.id) throw new ApiError(400, 'Idempotency-Key must equal the batch id');
        const agent = agentOf(principal);
        const ack = await s.ingest.accept(agent, body);
        await seen(agent);
        return ack;
      },
    }),
    route({
      method: 'POST',
      path: '/agents/{agent_id}/inventory',
      summary: 'Post an inventory snapshot (full, or only changed tables) / 上报资产清单',
      tag: 'agents',
      access: 'agent',
      audit: false,
      params: agentParams,
      body: inventoryBody,
      response: ackSchema,
      async handler({ principal, body }) {
        const agent = agentOf(principal);
        const { duplicate } = await saveInventory(s.store, agent, body);
        await seen(agent);
        if (!duplicate) {
          // Matching is work, not data: when the bus is full the next snapshot brings it again.
          await s.bus.publish({ topic: 'inventory', key: agent.host_id, id: body.id, payload: { host_id: agent.host_id } }).catch((err: unknown) => {
            if (!(err instanceof BusFullError)) throw err;
          });
        }
        return { ack: body.id };
      },
    }),
    route({
      method: 'POST',
      path: '/agents/{agent_id}/heartbeat',
      summary: 'Heartbeat: report health, receive group config and queued response actions / 心跳',
      tag: 'agents',
      access: 'agent',
      audit: false,
      params: agentParams,
      body: z.object({ version: z.string().min(1).max(100), health: jsonObject.default({}) }),
      response: z.object({
        config: jsonObject,
        config_version: z.number().int(),
        heartbeat_seconds: z.number().int(),
        actions: z.array(z.object({ id: z.string(), type: z.enum(ACTION_TYPES), params: jsonObject })),
      }),
      async handler({ principal, body }) {
        const agent = agentOf(principal);
        await seen(agent, { version: body.version, health: body.health });
        const group = (agent.group_id && (await s.store.getAgentGroup(agent.group_id))) || (await s.store.getAgentGroup(DEFAULT_GROUP_ID));
        const actions = await s.store.takeQueuedActions(agent.id, new Date().toISOString());
        return {
          config: group?.config ?? {},
          config_version: group?.config_version ?? 0,
          heartbeat_seconds: HEARTBEAT_SECONDS,
          actions: actions.map((a) => ({ id: a.id, type: a.type, params: a.params })),
        };
      },
    }),
    route({
      method: 'POST',
      path: '/agents/{agent_id}/actions/{action_id}/result',
      summary: 'Report the result of a response action / 上报响应动作结果',
      tag: 'agents',
      access: 'agent',
      params: z.object({ agent_id: z.string().min(1), action_id: z.string().min(1) }),
      body: z.object({ ok: z.boolean(), message: z.string().max(10_000).default(''), undo: z.unknown().optional() }),
      response: okSchema,
      async handler({ principal, params, body }) {
        const agent = agentOf(principal);
        const action = await s.store.getAction(params.action_id);
        if (!action || action.agent_id !== agent.id) throw notFound(`action ${params.action_id}`);
        await s.store.completeAction(action.id, { ok: body.ok, message: body.message, ...(body.undo !== undefined ? { undo: body.undo } : {}) }, new Date().toISOString());
        await seen(agent);
        return { ok: true as const };
      },
    }),
    route({
      method: 'POST',
      path: '/agents/{agent_id}/compliance',
      summary: 'Post a compliance report / 上报合规检查结果',
      tag: 'agents',
      access: 'agent',
      audit: false,
      params: agentParams,
      body: complianceBody,
      response: ackSchema,
      async handler({ principal, body }) {
        const agent = agentOf(principal);
        await s.store.saveComplianceReport({
          id: body.id,
          host_id: agent.host_id,
          agent_id: agent.id,
          profile: body.report.profile,
          time: body.report.time ?? new Date().toISOString(),
          results: body.report.results.map(({ id, ...r }) => ({ ...r, check_id: id })),
        });
        await seen(agent);
        return { ack: body.id };
      },
    }),
  ];
}
