/** Hosts and their inventory, agents, agent groups, images and containers. */
import { z } from 'zod';
import { ApiError, notFound } from '../http/api-error.ts';
import { type RouteSpec, route } from '../http/route.ts';
import { agentSchema, groupSchema, hostSchema, idParams, imageSchema, isoTime, jsonObject, okSchema, pageOf, pageQuery } from '../http/schemas.ts';
import { newId } from '../auth/secrets.ts';
import { SORT_KEYS } from '../store/store.ts';
import type { Services } from '../services.ts';
import { OFFLINE_AFTER_MS, withStatus } from '../pipeline/agent-status.ts';

const tableSchema = z.object({ table: z.string(), rows: z.array(jsonObject), error: z.string().nullable(), warnings: z.array(z.string()), snapshot_id: z.string(), updated_at: z.string() });
const changeSchema = z.object({ host_id: z.string(), snapshot_id: z.string(), time: z.string(), table: z.string(), added: z.array(jsonObject), removed: z.array(jsonObject), changed: z.array(z.object({ before: jsonObject, after: jsonObject })) });
const groupConfig = z
  .object({
    rules: z.array(z.string()).optional(),
    fim_paths: z.array(z.string()).optional(),
    caps: z.object({ cpu_percent: z.number().positive().optional(), memory_bytes: z.number().int().positive().optional() }).optional(),
    sensors: z.record(z.string(), z.boolean()).optional(),
  })
  .catchall(z.unknown());

export function assetRoutes(s: Services): RouteSpec[] {
  const requireHost = async (id: string) => {
    const host = await s.store.getHost(id);
    if (!host) throw notFound(`host ${id}`);
    return host;
  };
  return [
    route({
      method: 'GET',
      path: '/hosts',
      summary: 'Hosts / 主机列表',
      tag: 'hosts',
      access: 'viewer',
      query: pageQuery(SORT_KEYS.hosts).extend({ group_id: z.string().optional(), q: z.string().optional() }),
      response: pageOf(hostSchema.extend({ agent: agentSchema.nullable() })),
      async handler({ query }) {
        const page = await s.store.listHosts(query);
        const items = await Promise.all(page.items.map(async (h) => ({ ...h, agent: await agentOfHost(s, h.id) })));
        return { items, total: page.total };
      },
    }),
    route({
      method: 'GET',
      path: '/hosts/{id}',
      summary: 'One host with its agent and counts / 主机详情',
      tag: 'hosts',
      access: 'viewer',
      params: idParams,
      response: hostSchema.extend({ agent: agentSchema.nullable(), findings: z.number().int(), open_alerts: z.number().int(), tables: z.array(z.string()) }),
      async handler({ params }) {
        const host = await requireHost(params.id);
        const [agent, findings, alerts, tables] = await Promise.all([
          agentOfHost(s, host.id),
          s.store.listFindings({ host_id: host.id, limit: 1 }),
          s.store.listAlerts({ host_id: host.id, status: ['new', 'acknowledged'], limit: 1 }),
          s.store.getInventory(host.id),
        ]);
        return { ...host, agent, findings: findings.total, open_alerts: alerts.total, tables: tables.map((t) => t.table) };
      },
    }),
    route({
      method: 'GET',
      path: '/hosts/{id}/inventory',
      summary: 'The host’s inventory tables as last reported / 主机资产清单',
      tag: 'hosts',
      access: 'viewer',
      params: idParams,
      query: z.object({ table: z.string().optional() }),
      response: z.object({ items: z.array(tableSchema), total: z.number().int() }),
      async handler({ params, query }) {
        await requireHost(params.id);
        const items = await s.store.getInventory(params.id, query.table);
        return { items, total: items.length };
      },
    }),
    route({
      method: 'GET',
      path: '/hosts/{id}/inventory/changes',
      summary: 'What changed on the host, per table, over time / 资产变更记录',
      tag: 'hosts',
      access: 'viewer',
      params: idParams,
      query: pageQuery(SORT_KEYS.inventory_changes).extend({ table: z.string().optional(), since: isoTime.optional(), until: isoTime.optional() }),
      response: pageOf(changeSchema),
      async handler({ params, query }) {
        await requireHost(params.id);
        return s.store.listInventoryChanges({ ...query, host_id: params.id });
      },
    }),

    route({
      method: 'GET',
      path: '/agents',
      summary: 'Agents with online/offline status / 代理列表',
      tag: 'agents',
      access: 'viewer',
      query: pageQuery(SORT_KEYS.agents).extend({ group_id: z.string().optional(), status: z.enum(['online', 'offline']).optional() }),
      response: pageOf(agentSchema),
      async handler({ query }) {
        const cut = new Date(Date.now() - OFFLINE_AFTER_MS).toISOString();
        const { status, ...rest } = query;
        const page = await s.store.listAgents({ ...rest, ...(status === 'online' ? { seen_since: cut } : status === 'offline' ? { not_seen_since: cut } : {}) });
        return { items: page.items.map((a) => withStatus(a)), total: page.total };
      },
    }),
    route({
      method: 'GET',
      path: '/agents/{id}',
      summary: 'One agent / 代理详情',
      tag: 'agents',
      access: 'viewer',
      params: idParams,
      response: agentSchema,
      async handler({ params }) {
        const a = await s.store.getAgent(params.id);
        if (!a) throw notFound(`agent ${params.id}`);
        return withStatus(a);
      },
    }),
    route({
      method: 'PATCH',
      path: '/agents/{id}',
      summary: 'Move an agent to another group / 修改代理分组',
      tag: 'agents',
      access: 'admin',
      params: idParams,
      body: z.object({ group_id: z.string().nullable() }).strict(),
      response: agentSchema,
      async handler({ params, body }) {
        if (body.group_id !== null && !(await s.store.getAgentGroup(body.group_id))) throw new ApiError(400, `body.group_id: no agent group ${body.group_id}`);
        const a = await s.store.setAgentGroup(params.id, body.group_id);
        if (!a) throw notFound(`agent ${params.id}`);
        await s.store.upsertHost({ id: a.host_id, group_id: body.group_id, seen: a.last_seen ?? a.enrolled_at });
        return withStatus(a);
      },
    }),

    route({
      method: 'GET',
      path: '/agent-groups',
      summary: 'Agent groups and their pushed configuration / 代理分组',
      tag: 'agents',
      access: 'viewer',
      response: pageOf(groupSchema),
      async handler() {
        const groups = await s.store.listAgentGroups();
        return { items: groups, total: groups.length };
      },
    }),
    route({
      method: 'GET',
      path: '/agent-groups/{id}',
      summary: 'One agent group / 分组详情',
      tag: 'agents',
      access: 'viewer',
      params: idParams,
      response: groupSchema,
      async handler({ params }) {
        const g = await s.store.getAgentGroup(params.id);
        if (!g) throw notFound(`agent group ${params.id}`);
        return g;
      },
    }),
    route({
      method: 'POST',
      path: '/agent-groups',
      summary: 'Create an agent group / 创建分组',
      tag: 'agents',
      access: 'admin',
      status: 201,
      body: z.object({ name: z.string().min(1).max(100), description: z.string().max(1000).default(''), config: groupConfig.default({}) }),
      response: groupSchema,
      async handler({ body }) {
        return s.store.createAgentGroup({ id: newId(), name: body.name, description: body.description, config: body.config, time: new Date().toISOString() });
      },
    }),
    route({
      method: 'PATCH',
      path: '/agent-groups/{id}',
      summary: 'Change a group; a new config reaches its agents in the next heartbeat / 修改分组配置',
      tag: 'agents',
      access: 'admin',
      params: idParams,
      body: z.object({ name: z.string().min(1).max(100).optional(), description: z.string().max(1000).optional(), config: groupConfig.optional() }).strict(),
      response: groupSchema,
      async handler({ params, body }) {
        const g = await s.store.updateAgentGroup(params.id, { ...body, time: new Date().toISOString() });
        if (!g) throw notFound(`agent group ${params.id}`);
        return g;
      },
    }),
    route({
      method: 'DELETE',
      path: '/agent-groups/{id}',
      summary: 'Delete a group; its agents become ungrouped / 删除分组',
      tag: 'agents',
      access: 'admin',
      params: idParams,
      response: okSchema,
      async handler({ params }) {
        if (!(await s.store.deleteAgentGroup(params.id))) throw notFound(`agent group ${params.id}`);
        return { ok: true as const };
      },
    }),

    route({
      method: 'GET',
      path: '/images',
      summary: 'Container images seen on hosts / 镜像列表',
      tag: 'assets',
      access: 'viewer',
      query: pageQuery(SORT_KEYS.images).extend({ host_id: z.string().optional(), q: z.string().optional() }),
      response: pageOf(imageSchema.extend({ findings: z.number().int() })),
      async handler({ query }) {
        const page = await s.store.listImages(query);
        const items = await Promise.all(page.items.map(async (i) => ({ ...i, findings: (await s.store.listFindings({ target_kind: 'image', image: i.digest, limit: 1 })).total })));
        return { items, total: page.total };
      },
    }),
    route({
      method: 'GET',
      path: '/containers',
      summary: 'Containers on every host, from inventory / 容器列表',
      tag: 'assets',
      access: 'viewer',
      query: z.object({ host_id: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(50), offset: z.coerce.number().int().min(0).default(0) }),
      response: pageOf(jsonObject),
      async handler({ query }) {
        const all = (await s.store.listInventoryRows('docker_containers')).filter((h) => !query.host_id || h.host_id === query.host_id).flatMap((h) => h.rows.map((r) => ({ host_id: h.host_id, ...r })));
        return { items: all.slice(query.offset, query.offset + query.limit), total: all.length };
      },
    }),
  ];
}

async function agentOfHost(s: Services, hostId: string) {
  const a = (await s.store.listAgents({ host_id: hostId, limit: 1 })).items[0];
  return a ? withStatus(a) : null;
}
