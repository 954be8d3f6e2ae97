/**
 * One route of the API: path, who may call it, and the zod schemas that both validate the call
 * and generate the OpenAPI document, so the document cannot drift from what the server checks.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Agent, Role } from '../store/store.ts';

/** `public`: anyone; `agent`: an agent credential; a role: a user with at least that role. */
export type Access = 'public' | 'agent' | Role;

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'agent'; agent: Agent }
  | { kind: 'user'; user: { id: string; username: string; role: Role }; via: 'session' | 'token'; tokenId?: string };

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HandlerContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<P = any, Q = any, B = any> {
  method: Method;
  /** OpenAPI form, relative to /api/v1 (`/alerts/{id}`) unless `absolute` (`/metrics`). */
  path: string;
  absolute?: boolean;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Schema of the success body; `undefined` for routes that stream or send text. */
  response?: z.ZodType;
  status?: number;
  /** Media type of a non-JSON success body (SSE, CSV). */
  produces?: string;
  /** Mutating calls are audited unless they are agent telemetry (events, inventory, heartbeats). */
  audit?: boolean;
  handler(ctx: HandlerContext<P, Q, B>): Promise<unknown>;
}

/** Identity function that lets TypeScript infer the handler's types from the schemas. */
export function route<P = undefined, Q = undefined, B = undefined>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as RouteSpec;
}

/** The URL path of a route (`/api/v1/alerts/{id}`), in OpenAPI form. */
export function urlPath(r: Pick<RouteSpec, 'path' | 'absolute'>): string {
  return r.absolute ? r.path : `/api/v1${r.path}`;
}

export function fastifyPath(r: Pick<RouteSpec, 'path' | 'absolute'>): string {
  return urlPath(r).replace(/\{(\w+)\}/g, ':$1');
}
