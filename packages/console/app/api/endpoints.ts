// Every request the console makes: method and path (as in the OpenAPI document, under /api/v1),
// with its query, body and answer types. `ENDPOINTS` lists the same keys at run time so that
// test/openapi.test.ts can check each against the server's /api/v1/openapi.json; the compiler
// keeps the two lists equal.
import type * as T from './types.ts';

type Filters<K extends string> = T.PageQuery & Partial<Record<K, string>>;

export interface Endpoints {
  'POST /auth/login': { body: { username: string; password: string }; response: { user: T.SessionUser } };
  'POST /auth/logout': { response: unknown };
  'GET /auth/me': { response: { user: T.SessionUser } };
  'GET /overview': { response: T.Overview };
  'GET /hosts': { query: Filters<'q' | 'group_id'>; response: T.Page<T.Host> };
  'GET /hosts/{id}': { response: T.HostDetail };
  'GET /hosts/{id}/inventory': { query: { table?: string }; response: T.Page<T.InventoryTable> };
  'GET /hosts/{id}/inventory/changes': { query: Filters<'table' | 'since' | 'until'>; response: T.Page<T.InventoryChange> };
  'GET /agents': { query: Filters<'group_id' | 'host_id'>; response: T.Page<T.Agent> };
  'PATCH /agents/{id}': { body: { group_id: string | null }; response: T.Agent };
  'GET /agent-groups': { response: T.Page<T.AgentGroup> };
  'POST /agent-groups': { body: { name: string; description?: string; config?: T.GroupConfig }; response: T.AgentGroup };
  'PATCH /agent-groups/{id}': { body: { name?: string; description?: string; config?: T.GroupConfig }; response: T.AgentGroup };
  'DELETE /agent-groups/{id}': { response: { ok: true } };
  'GET /alerts': { query: Filters<'status' | 'severity' | 'host_id' | 'technique' | 'tactic' | 'rule' | 'incident_id' | 'q' | 'since' | 'until'>; response: T.Page<T.HostNamed<T.Alert>> };
  'GET /alerts/{id}': { response: T.AlertDetail };
  'PATCH /alerts/{id}': { body: T.AlertPatch; response: T.Alert };
  'POST /alerts/bulk': { body: { ids: string[]; status: T.AlertStatus }; response: { updated: number; missing: string[] } };
  'GET /incidents': { query: Filters<'host_id' | 'status'>; response: T.Page<T.HostNamed<T.Incident>> };
  'GET /incidents/{id}': { response: T.IncidentDetail };
  'GET /vulnerabilities': { query: Filters<'severity' | 'host_id' | 'image' | 'fixable' | 'q' | 'format'>; response: T.Page<T.Finding> };
  'GET /vulnerabilities/{id}': { response: T.Vulnerability };
  'GET /images': { query: Filters<'host_id' | 'q'>; response: T.Page<T.Image> };
  'GET /containers': { query: Filters<'host_id'>; response: T.Page<T.Container> };
  'GET /compliance/reports': { query: Filters<'profile' | 'host_id'>; response: T.Page<T.ComplianceReport> };
  'GET /compliance/results': { query: Filters<'profile' | 'host_id' | 'status'>; response: T.Page<T.ComplianceResult> };
  'GET /rules': { query: Filters<'q' | 'enabled'>; response: T.RulePage };
  'GET /rules/{id}': { response: T.RuleSource };
  'PATCH /rules/{id}': { body: { enabled: boolean }; response: T.Rule };
  'POST /rules/test': { body: { rule_yaml: string; events: unknown[] }; response: T.RuleTestResult };
  'GET /attack/matrix': { query: { since?: string }; response: T.AttackMatrix };
  'GET /inspections': { query: Filters<'group_id'>; response: T.Page<T.Inspection> };
  'GET /users': { response: T.Page<T.User> };
  'POST /users': { body: { username: string; password: string; role: T.Role }; response: T.SessionUser };
  'PATCH /users/{id}': { body: { role?: T.Role; password?: string; unlock?: boolean }; response: T.SessionUser };
  'DELETE /users/{id}': { response: { ok: true } };
  'GET /tokens': { response: T.Page<T.ApiToken> };
  'POST /tokens': { body: { name: string; role?: T.Role; expires_at?: string }; response: T.ApiToken & T.NewSecret };
  'DELETE /tokens/{id}': { response: { ok: true } };
  'GET /enrollment-tokens': { response: T.Page<T.EnrollmentToken> };
  'GET /outputs': { response: T.Page<T.OutputConfig> };
  'POST /outputs': { body: T.OutputBody; response: T.OutputConfig };
  'PUT /outputs/{id}': { body: T.OutputBody; response: T.OutputConfig };
  'DELETE /outputs/{id}': { response: { ok: true } };
  'GET /settings': { response: T.Settings };
  'PATCH /settings': { body: Partial<T.Settings>; response: T.Settings };
}

export type EndpointKey = keyof Endpoints;

export const ENDPOINTS: Record<EndpointKey, true> = {
  'POST /auth/login': true,
  'POST /auth/logout': true,
  'GET /auth/me': true,
  'GET /overview': true,
  'GET /hosts': true,
  'GET /hosts/{id}': true,
  'GET /hosts/{id}/inventory': true,
  'GET /hosts/{id}/inventory/changes': true,
  'GET /agents': true,
  'PATCH /agents/{id}': true,
  'GET /agent-groups': true,
  'POST /agent-groups': true,
  'PATCH /agent-groups/{id}': true,
  'DELETE /agent-groups/{id}': true,
  'GET /alerts': true,
  'GET /alerts/{id}': true,
  'PATCH /alerts/{id}': true,
  'POST /alerts/bulk': true,
  'GET /incidents': true,
  'GET /incidents/{id}': true,
  'GET /vulnerabilities': true,
  'GET /vulnerabilities/{id}': true,
  'GET /images': true,
  'GET /containers': true,
  'GET /compliance/reports': true,
  'GET /compliance/results': true,
  'GET /rules': true,
  'GET /rules/{id}': true,
  'PATCH /rules/{id}': true,
  'POST /rules/test': true,
  'GET /attack/matrix': true,
  'GET /inspections': true,
  'GET /users': true,
  'POST /users': true,
  'PATCH /users/{id}': true,
  'DELETE /users/{id}': true,
  'GET /tokens': true,
  'POST /tokens': true,
  'DELETE /tokens/{id}': true,
  'GET /enrollment-tokens': true,
  'GET /outputs': true,
  'POST /outputs': true,
  'PUT /outputs/{id}': true,
  'DELETE /outputs/{id}': true,
  'GET /settings': true,
  'PATCH /settings': true,
};

/** The `/stream` server-sent event names the console listens to. */
export const STREAM_EVENTS = ['alert', 'alert.update', 'agent.status'] as const;
export type StreamEvent = (typeof STREAM_EVENTS)[number];
