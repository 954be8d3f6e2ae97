/**
 * Incidents: a host's alerts closer together than the incident window are one attack story. The
 * story is a graph of the processes, users, files and connections of the triggering events —
 * processes linked to their parents by `process.entity_id` — plus the other events of those
 * processes around the incident, with a timeline.
 */
import type { VigilEvent } from '@vigil/schema';
import type { AlertRecord, DetectionWrites, IncidentRecord, Store, StoredEvent } from '../store/store.ts';
import { SEVERITIES } from '../store/store.ts';
import { newId } from '../auth/secrets.ts';

/**
 * Incident assignment for one unit of analysis: a host's open incident is read from the store once,
 * then kept here as the unit's alerts join it, and the unit's incident writes come out as one set
 * for `Store.commitDetections`. The caller keeps other units of the same host out until it commits.
 */
export class IncidentAssigner {
  /** Incidents created or joined in this unit, by id; `created` ones are written whole. */
  private readonly touched = new Map<string, { incident: IncidentRecord; created: boolean }>();
  /** The newest incident this unit touched per host. */
  private readonly latest = new Map<string, IncidentRecord>();

  constructor(
    private readonly store: Store,
    private readonly windowMs: number,
  ) {}

  /** The incident the alert joins, created when the host has none open within the window. */
  async assign(a: AlertRecord): Promise<string> {
    const since = new Date(Date.parse(a.first_seen) - this.windowMs).toISOString();
    const open = await this.openIncident(a.host_id, since);
    const now = new Date().toISOString();
    if (open) {
      if (SEVERITIES.indexOf(a.severity) > SEVERITIES.indexOf(open.severity)) open.severity = a.severity;
      if (a.last_seen > open.last_seen) open.last_seen = a.last_seen;
      open.alert_count++;
      open.updated_at = now;
      return open.id;
    }
    const incident: IncidentRecord = {
      id: newId(),
      host_id: a.host_id,
      title: `${a.rule_name} on ${a.host_id}`,
      severity: a.severity,
      status: 'open',
      first_seen: a.first_seen,
      last_seen: a.last_seen,
      alert_count: 1,
      created_at: now,
      updated_at: now,
    };
    this.touched.set(incident.id, { incident, created: true });
    this.latest.set(a.host_id, incident);
    return incident.id;
  }

  writes(): Pick<DetectionWrites, 'incidents' | 'incident_updates'> {
    const all = [...this.touched.values()];
    return {
      incidents: all.filter((t) => t.created).map((t) => t.incident),
      incident_updates: all
        .filter((t) => !t.created)
        .map(({ incident: i }) => ({ id: i.id, patch: { severity: i.severity, last_seen: i.last_seen, alert_count: i.alert_count, updated_at: i.updated_at } })),
    };
  }

  /** This unit's copy of an incident is never older than the store's. */
  private async openIncident(hostId: string, since: string): Promise<IncidentRecord | undefined> {
    const mine = this.latest.get(hostId);
    if (mine && mine.last_seen >= since) return mine;
    const stored = await this.store.findOpenIncident(hostId, since);
    if (!stored) return undefined;
    const known = this.touched.get(stored.id)?.incident;
    if (known) return known;
    this.touched.set(stored.id, { incident: stored, created: false });
    this.latest.set(hostId, stored);
    return stored;
  }
}

export interface GraphNode {
  id: string;
  type: 'process' | 'file' | 'connection' | 'user' | 'host';
  label: string;
  [fact: string]: unknown;
}

export interface GraphEdge {
  from: string;
  to: string;
  type: string;
}

export interface TimelineEntry {
  time: string;
  event_id: string;
  kind: string;
  summary: string;
  process: string | null;
  alert_ids: string[];
}

export interface IncidentStory {
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
  timeline: TimelineEntry[];
}

/** How far around the incident the other events of its processes are looked for. */
const CONTEXT_MS = 10 * 60_000;
const CONTEXT_EVENTS = 5000;

export async function incidentStory(store: Store, incident: IncidentRecord, alerts: readonly AlertRecord[]): Promise<IncidentStory> {
  const alertsByEvent = new Map<string, string[]>();
  for (const a of alerts) for (const id of a.event_ids) alertsByEvent.set(id, [...(alertsByEvent.get(id) ?? []), a.id]);
  const triggering = await store.getEvents([...alertsByEvent.keys()]);
  const procs = new Set(triggering.flatMap((e) => [processId(e.event), parentId(e.event)]).filter((x): x is string => x !== undefined));
  const around = await store.listEvents({
    host_id: incident.host_id,
    since: new Date(Date.parse(incident.first_seen) - CONTEXT_MS).toISOString(),
    until: new Date(Date.parse(incident.last_seen) + CONTEXT_MS).toISOString(),
    sort: 'time',
    order: 'asc',
    limit: CONTEXT_EVENTS,
  });
  const events = new Map<string, StoredEvent>(triggering.map((e) => [e.id, e]));
  for (const e of around.items) {
    const p = processId(e.event);
    if ((p && procs.has(p)) || (parentId(e.event) && procs.has(parentId(e.event)!))) events.set(e.id, e);
  }

  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const node = (n: GraphNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  const edge = (from: string, to: string, type: string) => edges.set(`${from}\0${to}\0${type}`, { from, to, type });
  const hostNode = node({ id: `host:${incident.host_id}`, type: 'host', label: incident.host_id });

  const ordered = [...events.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  for (const { event: ev } of ordered) {
    const pid = processId(ev);
    if (!pid || !ev.process) continue;
    const p = ev.process;
    node({ id: pid, type: 'process', label: `${p.name ?? p.executable ?? 'process'} (${p.pid})`, pid: p.pid, executable: p.executable ?? null, command_line: p.command_line ?? p.args?.join(' ') ?? null });
    const parent = parentId(ev);
    if (parent && p.parent) {
      node({ id: parent, type: 'process', label: `${p.parent.name ?? p.parent.executable ?? 'process'} (${p.parent.pid ?? '?'})`, pid: p.parent.pid ?? null, executable: p.parent.executable ?? null });
      edge(parent, pid, 'spawned');
    }
    const user = p.user?.name ?? p.user?.id;
    if (user !== undefined) edge(node({ id: `user:${user}`, type: 'user', label: user }), pid, 'ran');
    if (ev.file) edge(pid, node({ id: `file:${ev.file.path}`, type: 'file', label: ev.file.path }), ev.event.action ?? 'file');
    const remote = ev.event.kind === 'network.accept' ? ev.source : ev.destination;
    if (ev.event.kind.startsWith('network.') && remote?.ip) {
      const label = `${remote.ip}:${remote.port ?? ''}`;
      edge(pid, node({ id: `connection:${label}`, type: 'connection', label }), ev.event.kind.slice('network.'.length));
    }
    if (ev.dns) edge(pid, node({ id: `connection:dns:${ev.dns.question.name}`, type: 'connection', label: ev.dns.question.name }), 'resolved');
  }
  // Processes whose parent is not in the story hang off the host.
  const children = new Set([...edges.values()].filter((e) => e.type === 'spawned').map((e) => e.to));
  for (const n of nodes.values()) if (n.type === 'process' && !children.has(n.id)) edge(hostNode, n.id, 'runs');

  return {
    graph: { nodes: [...nodes.values()], edges: [...edges.values()] },
    timeline: ordered.map((e) => ({ time: e.time, event_id: e.id, kind: e.kind, summary: summarize(e.event), process: processId(e.event) ?? null, alert_ids: alertsByEvent.get(e.id) ?? [] })),
  };
}

function processId(ev: VigilEvent): string | undefined {
  const p = ev.process;
  if (!p) return undefined;
  return `process:${p.entity_id ?? `${ev.host.id}:${p.pid}`}`;
}

function parentId(ev: VigilEvent): string | undefined {
  const pp = ev.process?.parent;
  if (!pp || (pp.entity_id === undefined && pp.pid === undefined)) return undefined;
  return `process:${pp.entity_id ?? `${ev.host.id}:${pp.pid}`}`;
}

function summarize(ev: VigilEvent): string {
  const who = ev.process ? `${ev.process.executable ?? ev.process.name ?? 'pid'} ${ev.process.pid}` : '';
  switch (ev.event.kind) {
    case 'process.exec':
      return `exec ${ev.process?.command_line ?? ev.process?.args?.join(' ') ?? who}`;
    case 'file.change':
      return `${who} ${ev.event.action ?? 'changed'} ${ev.file?.path ?? ''}`;
    case 'network.connect':
      return `${who} connect ${ev.destination?.ip ?? ''}:${ev.destination?.port ?? ''}`;
    case 'dns.query':
      return `${who} resolve ${ev.dns?.question.name ?? ''}`;
    default:
      return `${ev.event.kind} ${who}`.trim();
  }
}
