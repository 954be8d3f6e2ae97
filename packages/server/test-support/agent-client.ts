/**
 * A minimal client of the agent protocol, for tests: what an agent sends, nothing more. The real
 * agent (`vigil agent run --server`) speaks the same protocol.
 */
import type { VigilEvent } from '@vigil/schema';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(base: string, method: string, path: string, opts: { body?: unknown; bearer?: string; cookie?: string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  const res = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (CSV, metrics)
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export class TestAgent {
  agentId = '';
  credential = '';

  constructor(
    readonly base: string,
    readonly hostId: string,
  ) {}

  async enroll(token: string): Promise<Reply> {
    const r = await call(this.base, 'POST', '/api/v1/agents/enroll', { body: { token, host: { id: this.hostId, name: `name-${this.hostId}` }, version: 'test-1' } });
    if (r.status === 201) {
      this.agentId = r.body.agent_id;
      this.credential = r.body.credential;
    }
    return r;
  }

  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply> {
    return call(this.base, 'POST', `/api/v1/agents/${this.agentId}${path}`, { body, bearer: this.credential, headers });
  }

  events(batchId: string, events: VigilEvent[]): Promise<Reply> {
    return this.post('/events', { id: batchId, events }, { 'idempotency-key': batchId });
  }

  heartbeat(health: Record<string, unknown> = { sensors: { process: { state: 'running' } } }): Promise<Reply> {
    return this.post('/heartbeat', { version: 'test-1', health });
  }

  inventory(id: string, tables: Record<string, unknown>, full = true): Promise<Reply> {
    return this.post('/inventory', { id, full, snapshot: { time: new Date().toISOString(), agent_version: 'test-1', root: '/', tables } });
  }
}

let pid = 1000;

/** A process.exec event of this host; `over` replaces fields. */
export function execEvent(hostId: string, over: Partial<VigilEvent['process']> & { time?: string } = {}): VigilEvent {
  const { time, ...proc } = over;
  const p = proc.pid ?? ++pid;
  return {
    time: time ?? new Date().toISOString(),
    event: { kind: 'process.exec', sensor: 'test' },
    host: { id: hostId },
    process: { pid: p, entity_id: `ent-${hostId}-${p}`, executable: '/usr/bin/true', name: 'true', args: ['true'], ...proc },
  } as VigilEvent;
}

/** Polls `probe` until it returns a value (bounded: 5 s), for work the server does off the request path. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
