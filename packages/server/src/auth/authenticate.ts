/**
 * Who is calling: a session cookie or an API token (users), or an agent credential. The prefix
 * of a bearer secret says which kind it claims to be, and each kind is looked up only in its own
 * table, so an agent credential can never pass as a user and the reverse.
 */
import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/store.ts';
import type { Principal } from '../http/route.ts';
import { SECRET_PREFIX, hashSecret } from './secrets.ts';

export const SESSION_COOKIE = 'vigil_session';

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  const m = h && /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : undefined;
}

export function sessionCookie(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export async function authenticate(req: FastifyRequest, store: Store, now = new Date()): Promise<Principal> {
  const token = bearer(req);
  const iso = now.toISOString();
  if (token?.startsWith(SECRET_PREFIX.agent)) {
    const agent = await store.getAgentByCredentialHash(hashSecret(token));
    return agent ? { kind: 'agent', agent } : { kind: 'anonymous' };
  }
  if (token?.startsWith(SECRET_PREFIX.apiToken)) {
    const t = await store.getApiTokenByHash(hashSecret(token));
    if (!t || (t.expires_at && t.expires_at <= iso)) return { kind: 'anonymous' };
    const user = await store.getUser(t.user_id);
    if (!user) return { kind: 'anonymous' };
    await store.touchApiToken(t.id, iso);
    // A token never grants more than its owner has now.
    const role = ROLE_RANK[t.role] <= ROLE_RANK[user.role] ? t.role : user.role;
    return { kind: 'user', user: { id: user.id, username: user.username, role }, via: 'token', tokenId: t.id };
  }
  const session = sessionCookie(req);
  if (session) {
    const s = await store.getSession(hashSecret(session));
    if (!s || s.expires_at <= iso) return { kind: 'anonymous' };
    const user = await store.getUser(s.user_id);
    if (user) return { kind: 'user', user: { id: user.id, username: user.username, role: user.role }, via: 'session' };
  }
  return { kind: 'anonymous' };
}

export const ROLE_RANK = { viewer: 0, analyst: 1, admin: 2 } as const;

export function actorOf(p: Principal): string {
  if (p.kind === 'agent') return `agent:${p.agent.id}`;
  if (p.kind === 'user') return p.via === 'token' ? `token:${p.tokenId}(${p.user.username})` : `user:${p.user.username}`;
  return 'anonymous';
}
