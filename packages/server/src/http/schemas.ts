/** Schemas shared by the routes: pagination, list filters, and the records the API returns. */
import { z } from 'zod';
import { ACTION_TYPES, ALERT_STATUSES, ROLES, SEVERITIES } from '../store/store.ts';

export function pageQuery<K extends string>(sortKeys: readonly [K, ...K[]]) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    offset: z.coerce.number().int().min(0).default(0),
    sort: z.enum(sortKeys).optional(),
    order: z.enum(['asc', 'desc']).default('desc'),
  });
}

/** `?status=new,acknowledged` → a list of allowed values. */
export function csvOf<V extends string>(values: readonly [V, ...V[]]) {
  return z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));
}

export const isoTime = z.string().datetime({ offset: true });
export const boolString = z.enum(['true', 'false']).transform((v) => v === 'true');

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const idParams = z.object({ id: z.string().min(1) });
export const agentParams = z.object({ agent_id: z.string().min(1) });
export const ackSchema = z.object({ ack: z.string() });
export const okSchema = z.object({ ok: z.literal(true) });
const json = z.record(z.string(), z.unknown());

export const hostSchema = z.object({
  id: z.string(),
  name: z.string(),
  os: z.string().nullable(),
  os_ecosystem: z.string().nullable(),
  addresses: z.array(z.string()),
  group_id: z.string().nullable(),
  first_seen: z.string(),
  last_seen: z.string(),
});

export const agentSchema = z.object({
  id: z.string(),
  host_id: z.string(),
  name: z.string(),
  version: z.string(),
  group_id: z.string().nullable(),
  enrolled_at: z.string(),
  last_seen: z.string().nullable(),
  health: json.nullable(),
  status: z.enum(['online', 'offline']),
});

export const groupSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  config: json,
  config_version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const alertSchema = z.object({
  id: z.string(),
  dedup_key: z.string(),
  rule_id: z.string(),
  rule_name: z.string(),
  rule_source: z.string(),
  severity: z.enum(SEVERITIES),
  techniques: z.array(z.string()),
  tactics: z.array(z.string()),
  output: z.string(),
  host_id: z.string(),
  container_id: z.string().nullable(),
  first_seen: z.string(),
  last_seen: z.string(),
  count: z.number().int(),
  event_ids: z.array(z.string()),
  status: z.enum(ALERT_STATUSES),
  assignee: z.string().nullable(),
  incident_id: z.string().nullable(),
  comments: z.array(z.object({ time: z.string(), author: z.string(), text: z.string() })),
  created_at: z.string(),
  updated_at: z.string(),
});

export const incidentSchema = z.object({
  id: z.string(),
  host_id: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(['open', 'closed']),
  first_seen: z.string(),
  last_seen: z.string(),
  alert_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const findingSchema = z.object({
  id: z.string(),
  target_kind: z.enum(['host', 'image']),
  target_id: z.string(),
  vuln_id: z.string(),
  aliases: z.array(z.string()),
  title: z.string(),
  package_name: z.string(),
  package_version: z.string(),
  ecosystem: z.string(),
  fixed_version: z.string().nullable(),
  severity: z.string(),
  cvss_score: z.number().nullable(),
  known_exploited: z.boolean(),
  exposure: z.enum(['public', 'running', 'none']),
  priority: z.number(),
  first_seen: z.string(),
  last_seen: z.string(),
});

export const imageSchema = z.object({
  digest: z.string(),
  name: z.string(),
  tags: z.array(z.string()),
  os: z.string().nullable(),
  scanned_at: z.string().nullable(),
  scan_error: z.string().nullable(),
  first_seen: z.string(),
  last_seen: z.string(),
  host_ids: z.array(z.string()),
});

export const actionSchema = z.object({
  id: z.string(),
  agent_id: z.string(),
  alert_id: z.string().nullable(),
  type: z.enum(ACTION_TYPES),
  params: json,
  status: z.enum(['queued', 'delivered', 'succeeded', 'failed']),
  requested_by: z.string(),
  requested_at: z.string(),
  delivered_at: z.string().nullable(),
  result: z.object({ ok: z.boolean(), message: z.string(), undo: z.unknown().optional() }).nullable(),
  completed_at: z.string().nullable(),
});

export const userSchema = z.object({ id: z.string(), username: z.string(), role: z.enum(ROLES) });
export const roleSchema = z.enum(ROLES);
export const jsonObject = json;
