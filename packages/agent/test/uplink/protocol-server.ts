/**
 * Test support: the server side of the agent protocol (docs/architecture.md, "Agent") on
 * 127.0.0.1, as small as the contract allows: enrollment by token, bearer credentials bound to
 * the agent id in the path, events stored idempotently by batch id with host ids checked,
 * inventory uploads, heartbeats answering with config and pending actions, action results.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { AgentApi } from '../../src/uplink/agent-api.ts';
import { enroll } from '../../src/uplink/enrollment.ts';

interface Agent {
  id: string;
  hostId: string;
  credential: string;
}

export class ProtocolServer {
  readonly tokens = new Set<string>();
  readonly agents = new Map<string, Agent>();
  enrollments = 0;
  readonly batches = new Map<string, { host: { id: string }; event: { kind: string }; [k: string]: unknown }[]>();
  readonly inventory: { id: string; full: boolean; snapshot: { tables: Record<string, unknown> } }[] = [];
  readonly heartbeats: { version: string; health: Record<string, unknown> }[] = [];
  readonly results = new Map<string, { ok: boolean; message: string; undo?: unknown }>();
  readonly compliance: { id: string; report: unknown }[] = [];
  /** What the next heartbeat answers carry. */
  config: unknown = {};
  configVersion = 1;
  heartbeatSeconds = 30;
  actions: { id: string; type: string; params: Record<string, unknown> }[] = [];
  /** The next N requests to these paths' last segment (`events`, `result`…) answer 503. */
  readonly failNext = new Map<string, number>();
  port = 0;
  #server?: Server;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  events(): { host: { id: string }; event: { kind: string }; [k: string]: unknown }[] {
    return [...this.batches.values()].flat();
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.#handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return send(400, { error: 'malformed' });
    }
    if (req.method !== 'POST') return send(405);
    if (req.url === '/api/v1/agents/enroll') {
      if (!this.tokens.has(String(body.token))) return send(401, { error: 'bad token' });
      const host = body.host as { id: string };
      const agent = { id: `agent-${this.agents.size + 1}`, hostId: host.id, credential: randomUUID() };
      this.agents.set(agent.id, agent);
      this.enrollments += 1;
      return send(201, { agent_id: agent.id, credential: agent.credential });
    }
    const m = /^\/api\/v1\/agents\/([^/]+)\/(events|inventory|heartbeat|compliance|actions\/([^/]+)\/result)$/.exec(req.url ?? '');
    if (!m) return send(404);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const owner = [...this.agents.values()].find((a) => a.credential === bearer);
    if (!owner) return send(401);
    if (owner.id !== decodeURIComponent(m[1])) return send(403);
    const what = m[2].startsWith('actions/') ? 'result' : m[2];
    const failures = this.failNext.get(what) ?? 0;
    if (failures > 0) {
      this.failNext.set(what, failures - 1);
      return send(503, { error: 'busy' }, { 'retry-after': '0' });
    }
    if (what === 'events') {
      const id = String(body.id);
      if (req.headers['idempotency-key'] !== id) return send(400);
      const events = body.events as { host: { id: string }; event: { kind: string } }[];
      if (events.some((e) => e.host?.id !== owner.hostId)) return send(400, { error: 'host.id is not the agent host' });
      if (!this.batches.has(id)) this.batches.set(id, events);
      return send(200, { ack: id });
    }
    if (what === 'inventory') {
      this.inventory.push(body as unknown as ProtocolServer['inventory'][number]);
      return send(200, { ack: body.id });
    }
    if (what === 'heartbeat') {
      this.heartbeats.push(body as unknown as ProtocolServer['heartbeats'][number]);
      const pending = this.actions.filter((a) => !this.results.has(a.id));
      return send(200, { config: this.config, config_version: this.configVersion, heartbeat_seconds: this.heartbeatSeconds, actions: pending });
    }
    if (what === 'compliance') {
      this.compliance.push(body as { id: string; report: unknown });
      return send(200, { ack: body.id });
    }
    if (what === 'result') {
      this.results.set(decodeURIComponent(m[3]), body as { ok: boolean; message: string });
      return send(200, {});
    }
    return send(404);
  }
}

/** A protocol server up on 127.0.0.1 with one agent (host `h`) enrolled; `close()` ends both. */
async function enrolledAgent(): Promise<{ server: ProtocolServer; api: AgentApi; stateDir: string; close: () => Promise<void> }> {
  const server = new ProtocolServer();
  const stateDir = mkdtempSync(join(tmpdir(), 'vagt-agent-state-'));
  server.tokens.add('t');
  await server.up();
  const api = new AgentApi(await enroll({ server: server.url, token: async () => 't', host: { id: 'h' }, version: '0', stateDir }));
  return {
    server,
    api,
    stateDir,
    close: async () => {
      await server.down();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** One enrolled agent for the enclosing suite (before/after hooks); read its fields inside tests. */
export function enrolledAgentForSuite(): Awaited<ReturnType<typeof enrolledAgent>> {
  const agent = {} as Awaited<ReturnType<typeof enrolledAgent>>;
  before(async () => void Object.assign(agent, await enrolledAgent()));
  after(() => agent.close());
  return agent;
}
