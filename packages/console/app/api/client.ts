// The one way the console talks to the server: `api('GET /alerts/{id}', { path: { id } })`.
// Types come from the endpoint table; the session is the server's HttpOnly cookie.
import type { EndpointKey, Endpoints } from './endpoints.ts';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Field<K extends EndpointKey, F extends string> = Endpoints[K] extends Record<F, infer V> ? V : never;
type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Record<Name, string> & PathParams<Rest> : unknown;

export type RequestOptions<K extends EndpointKey> = {
  path?: PathParams<K>;
  query?: Field<K, 'query'>;
  body?: Field<K, 'body'>;
};

export type Response<K extends EndpointKey> = Endpoints[K]['response'];

/** `/alerts/{id}` with `{id: 'a 1'}` and `{status: 'new'}` → `/api/v1/alerts/a%201?status=new`. */
export function url<K extends EndpointKey>(key: K, opts: Omit<RequestOptions<K>, 'body'> = {}): string {
  const route = key.slice(key.indexOf(' ') + 1);
  const params = (opts.path ?? {}) as Record<string, string>;
  const path = route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries((opts.query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const qs = search.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

/** Called on every 401 (the session expired or was never there). */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export async function api<K extends EndpointKey>(key: K, opts: RequestOptions<K> = {}, signal?: AbortSignal): Promise<Response<K>> {
  const method = key.slice(0, key.indexOf(' '));
  const res = await fetch(url(key, opts), {
    method,
    credentials: 'same-origin',
    signal,
    headers: opts.body === undefined ? {} : { 'content-type': 'application/json' },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  if (res.status === 401 && key !== 'POST /auth/login') onUnauthorized();
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const message = (data as { message?: string; error?: string } | undefined)?.message ?? (data as { error?: string } | undefined)?.error ?? res.statusText;
    throw new ApiError(res.status, message);
  }
  return data as Response<K>;
}
