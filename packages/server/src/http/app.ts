/**
 * The fastify instance: every route of the table behind one authorization and validation step,
 * one error shape (`{"error": "<one line>"}`), and an audit record for every mutating call.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { isUserError } from '@vigil/schema';
import type { z } from 'zod';
import type { Store } from '../store/store.ts';
import { ROLE_RANK, actorOf, authenticate } from '../auth/authenticate.ts';
import { ApiError } from './api-error.ts';
import { serveConsole } from './console.ts';
import { type Principal, type RouteSpec, fastifyPath, urlPath } from './route.ts';

export interface AppOptions {
  store: Store;
  routes: readonly RouteSpec[];
  /** packages/console/dist, served at `/` when it exists. */
  consoleDir?: string;
  https?: { key: Buffer; cert: Buffer };
  /** Called with every internal (non-user) error. */
  onInternalError?: (err: unknown) => void;
}

interface CallState {
  spec: RouteSpec;
  principal: Principal;
}

const calls = new WeakMap<FastifyRequest, CallState>();

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: 64 * 1024 * 1024, https: opts.https ?? null, logger: false }) as unknown as FastifyInstance;

  app.setErrorHandler((err: unknown, _req, reply) => sendError(reply, err, opts.onInternalError));
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && opts.consoleDir && !req.url.startsWith('/api/')) return serveConsole(opts.consoleDir, req, reply);
    return reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` });
  });

  app.addHook('onResponse', async (req, reply) => {
    const call = calls.get(req);
    if (!call || call.spec.method === 'GET' || call.spec.audit === false) return;
    const params = (req.params ?? {}) as Record<string, string>;
    await opts.store.appendAudit({
      time: new Date().toISOString(),
      actor: actorOf(call.principal),
      action: `${call.spec.method} ${urlPath(call.spec)}`,
      target: params.id ?? params.agent_id ?? null,
      outcome: reply.statusCode < 400 ? 'success' : 'failure',
      details: { status: reply.statusCode, ...params },
      ip: req.ip ?? null,
    });
  });

  for (const spec of opts.routes) {
    app.route({
      method: spec.method,
      url: fastifyPath(spec),
      handler: async (req, reply) => {
        const principal = await authenticate(req, opts.store);
        calls.set(req, { spec, principal });
        authorize(spec, principal, req.params as Record<string, string>);
        const result = await spec.handler({
          params: parse(spec.params, req.params, 'path'),
          query: parse(spec.query, req.query, 'query'),
          body: parse(spec.body, req.body, 'body'),
          principal,
          req,
          reply,
        });
        if (reply.sent) return reply;
        if (spec.response) {
          const checked = spec.response.safeParse(result);
          if (!checked.success) throw new Error(`response of ${spec.method} ${spec.path} fails its schema: ${checked.error.issues[0].path.join('.')}: ${checked.error.issues[0].message}`);
        }
        return reply.code(spec.status ?? 200).send(result);
      },
    });
  }
  return app;
}

function authorize(spec: RouteSpec, p: Principal, params: Record<string, string>): void {
  if (spec.access === 'public') return;
  if (p.kind === 'anonymous') throw new ApiError(401, 'authentication required / 需要登录或凭据');
  if (spec.access === 'agent') {
    if (p.kind !== 'agent') throw new ApiError(403, 'agent routes take an agent credential / 仅限代理凭据');
    if (params.agent_id !== undefined && params.agent_id !== p.agent.id) throw new ApiError(403, 'credential belongs to another agent / 凭据属于其他代理');
    return;
  }
  if (p.kind !== 'user') throw new ApiError(403, 'agent credentials cannot call user routes / 代理凭据不能调用用户接口');
  if (ROLE_RANK[p.user.role] < ROLE_RANK[spec.access]) throw new ApiError(403, `needs role ${spec.access} / 需要 ${spec.access} 角色`);
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const at = [where, ...issue.path.map(String)].join('.');
  throw new ApiError(400, `${at}: ${issue.message}`);
}

function sendError(reply: FastifyReply, err: unknown, onInternal?: (err: unknown) => void): FastifyReply {
  if (err instanceof ApiError) {
    if (err.retryAfter !== undefined) reply.header('Retry-After', String(err.retryAfter));
    return reply.code(err.status).send({ error: err.message });
  }
  if (isUserError(err)) return reply.code(400).send({ error: err.message });
  // fastify's own 4xx: unparsable JSON, body too large, wrong content type.
  const status = (err as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) return reply.code(status).send({ error: oneLine((err as Error).message) });
  onInternal?.(err);
  return reply.code(500).send({ error: 'internal error / 服务器内部错误' });
}

function oneLine(s: string): string {
  return s.split('\n')[0];
}
