/** Sessions, users, API tokens, enrollment tokens and the audit log. */
import { z } from 'zod';
import { ApiError, notFound } from '../http/api-error.ts';
import { type Principal, type RouteSpec, route } from '../http/route.ts';
import { idParams, isoTime, okSchema, pageOf, pageQuery, roleSchema, userSchema } from '../http/schemas.ts';
import { ROLE_RANK, SESSION_COOKIE, sessionCookie } from '../auth/authenticate.ts';
import { hashPassword } from '../auth/password.ts';
import { SECRET_PREFIX, hashSecret, newId, newSecret } from '../auth/secrets.ts';
import { MIN_PASSWORD_LENGTH, createUser, login } from '../auth/users.ts';
import { SORT_KEYS } from '../store/store.ts';
import type { Services } from '../services.ts';

const tokenSchema = z.object({ id: z.string(), user_id: z.string(), name: z.string(), role: roleSchema, created_at: z.string(), expires_at: z.string().nullable(), last_used_at: z.string().nullable() });
const enrollmentTokenSchema = z.object({ id: z.string(), description: z.string(), group_id: z.string().nullable(), expires_at: z.string().nullable(), created_at: z.string(), created_by: z.string().nullable(), uses: z.number().int() });

function userOf(p: Principal) {
  if (p.kind !== 'user') throw new ApiError(403, 'user routes take a user session or API token');
  return p.user;
}

export function peopleRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'POST',
      path: '/auth/login',
      summary: 'Log in; sets the vigil_session cookie / 登录',
      tag: 'auth',
      access: 'public',
      body: z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) }),
      response: z.object({ user: userSchema }),
      async handler({ body, reply }) {
        const { user, session, expires } = await login(s.store, body.username, body.password);
        reply.header('Set-Cookie', `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict; Expires=${expires.toUTCString()}${s.tls ? '; Secure' : ''}`);
        return { user: { id: user.id, username: user.username, role: user.role } };
      },
    }),
    route({
      method: 'POST',
      path: '/auth/logout',
      summary: 'End this session / 退出登录',
      tag: 'auth',
      access: 'viewer',
      response: okSchema,
      async handler({ req, reply }) {
        const session = sessionCookie(req);
        if (session) await s.store.deleteSession(hashSecret(session));
        reply.header('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
        return { ok: true as const };
      },
    }),
    route({
      method: 'GET',
      path: '/auth/me',
      summary: 'The calling user / 当前用户',
      tag: 'auth',
      access: 'viewer',
      response: z.object({ user: userSchema }),
      async handler({ principal }) {
        return { user: userOf(principal) };
      },
    }),

    route({
      method: 'GET',
      path: '/users',
      summary: 'List users / 用户列表',
      tag: 'users',
      access: 'admin',
      response: pageOf(userSchema.extend({ created_at: z.string(), locked_until: z.string().nullable() })),
      async handler() {
        const users = await s.store.listUsers();
        return { items: users.map((u) => ({ id: u.id, username: u.username, role: u.role, created_at: u.created_at, locked_until: u.locked_until })), total: users.length };
      },
    }),
    route({
      method: 'POST',
      path: '/users',
      summary: 'Create a user / 创建用户',
      tag: 'users',
      access: 'admin',
      status: 201,
      body: z.object({ username: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/), password: z.string().min(MIN_PASSWORD_LENGTH).max(1000), role: roleSchema }),
      response: userSchema,
      async handler({ body }) {
        if (await s.store.getUserByName(body.username)) throw new ApiError(409, `user ${body.username} exists`);
        const u = await createUser(s.store, body.username, body.password, body.role);
        return { id: u.id, username: u.username, role: u.role };
      },
    }),
    route({
      method: 'PATCH',
      path: '/users/{id}',
      summary: 'Change a user’s role or password, or unlock it / 修改用户',
      tag: 'users',
      access: 'admin',
      params: idParams,
      body: z.object({ role: roleSchema.optional(), password: z.string().min(MIN_PASSWORD_LENGTH).max(1000).optional(), unlock: z.boolean().optional() }).strict(),
      response: userSchema,
      async handler({ params, body }) {
        const u = await s.store.updateUser(params.id, {
          ...(body.role ? { role: body.role } : {}),
          ...(body.password ? { password_hash: await hashPassword(body.password) } : {}),
          ...(body.unlock ? { failed_logins: 0, locked_until: null } : {}),
        });
        if (!u) throw notFound(`user ${params.id}`);
        return { id: u.id, username: u.username, role: u.role };
      },
    }),
    route({
      method: 'DELETE',
      path: '/users/{id}',
      summary: 'Delete a user, its sessions and tokens / 删除用户',
      tag: 'users',
      access: 'admin',
      params: idParams,
      response: okSchema,
      async handler({ params, principal }) {
        if (userOf(principal).id === params.id) throw new ApiError(400, 'you cannot delete yourself / 不能删除自己');
        if (!(await s.store.deleteUser(params.id))) throw notFound(`user ${params.id}`);
        return { ok: true as const };
      },
    }),

    route({
      method: 'GET',
      path: '/tokens',
      summary: 'API tokens: your own (admins: all) / API 令牌',
      tag: 'tokens',
      access: 'viewer',
      response: pageOf(tokenSchema),
      async handler({ principal }) {
        const u = userOf(principal);
        const tokens = await s.store.listApiTokens(u.role === 'admin' ? undefined : u.id);
        return { items: tokens.map(({ token_hash: _h, ...t }) => t), total: tokens.length };
      },
    }),
    route({
      method: 'POST',
      path: '/tokens',
      summary: 'Create an API token; the secret is shown once / 创建 API 令牌',
      tag: 'tokens',
      access: 'viewer',
      status: 201,
      body: z.object({ name: z.string().min(1).max(200), role: roleSchema.optional(), expires_at: isoTime.optional() }),
      response: tokenSchema.extend({ token: z.string() }),
      async handler({ principal, body }) {
        const u = userOf(principal);
        const role = body.role ?? u.role;
        if (ROLE_RANK[role] > ROLE_RANK[u.role]) throw new ApiError(403, `a token cannot have more than your role ${u.role}`);
        const token = newSecret(SECRET_PREFIX.apiToken);
        const t = await s.store.createApiToken({ id: newId(), user_id: u.id, name: body.name, token_hash: hashSecret(token), role, created_at: new Date().toISOString(), expires_at: body.expires_at ?? null, last_used_at: null });
        const { token_hash: _h, ...shown } = t;
        return { ...shown, token };
      },
    }),
    route({
      method: 'DELETE',
      path: '/tokens/{id}',
      summary: 'Revoke an API token / 吊销 API 令牌',
      tag: 'tokens',
      access: 'viewer',
      params: idParams,
      response: okSchema,
      async handler({ principal, params }) {
        const u = userOf(principal);
        const mine = (await s.store.listApiTokens(u.role === 'admin' ? undefined : u.id)).some((t) => t.id === params.id);
        if (!mine || !(await s.store.deleteApiToken(params.id))) throw notFound(`token ${params.id}`);
        return { ok: true as const };
      },
    }),

    route({
      method: 'GET',
      path: '/enrollment-tokens',
      summary: 'Agent enrollment tokens / 代理注册令牌',
      tag: 'agents',
      access: 'admin',
      response: pageOf(enrollmentTokenSchema),
      async handler() {
        const tokens = await s.store.listEnrollmentTokens();
        return { items: tokens.map(({ token_hash: _h, ...t }) => t), total: tokens.length };
      },
    }),
    route({
      method: 'POST',
      path: '/enrollment-tokens',
      summary: 'Create an enrollment token (optional expiry and group); shown once / 创建注册令牌',
      tag: 'agents',
      access: 'admin',
      status: 201,
      body: z.object({ description: z.string().max(500).default(''), group_id: z.string().optional(), expires_at: isoTime.optional() }),
      response: enrollmentTokenSchema.extend({ token: z.string() }),
      async handler({ principal, body }) {
        if (body.group_id && !(await s.store.getAgentGroup(body.group_id))) throw new ApiError(400, `body.group_id: no agent group ${body.group_id}`);
        const token = newSecret(SECRET_PREFIX.enrollment);
        const t = await s.store.createEnrollmentToken({ id: newId(), token_hash: hashSecret(token), description: body.description, group_id: body.group_id ?? null, expires_at: body.expires_at ?? null, created_at: new Date().toISOString(), created_by: userOf(principal).username });
        const { token_hash: _h, ...shown } = t;
        return { ...shown, token };
      },
    }),
    route({
      method: 'DELETE',
      path: '/enrollment-tokens/{id}',
      summary: 'Revoke an enrollment token / 吊销注册令牌',
      tag: 'agents',
      access: 'admin',
      params: idParams,
      response: okSchema,
      async handler({ params }) {
        if (!(await s.store.deleteEnrollmentToken(params.id))) throw notFound(`enrollment token ${params.id}`);
        return { ok: true as const };
      },
    }),

    route({
      method: 'GET',
      path: '/audit',
      summary: 'Audit log of mutating calls / 审计日志',
      tag: 'audit',
      access: 'admin',
      query: pageQuery(SORT_KEYS.audit).extend({ actor: z.string().optional(), action: z.string().optional(), since: isoTime.optional() }),
      response: pageOf(z.object({ id: z.number().int().optional(), time: z.string(), actor: z.string(), action: z.string(), target: z.string().nullable(), outcome: z.enum(['success', 'failure']), details: z.record(z.string(), z.unknown()), ip: z.string().nullable() })),
      async handler({ query }) {
        return s.store.listAudit(query);
      },
    }),
  ];
}
