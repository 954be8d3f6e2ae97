/** Logins with lockout, sessions, and the first-start admin. */
import type { Role, Store, User } from '../store/store.ts';
import { ApiError } from '../http/api-error.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { SECRET_PREFIX, hashSecret, newId, newSecret } from './secrets.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const SESSION_MS = 12 * 3600_000;
export const MIN_PASSWORD_LENGTH = 10;

/** A bad name and a bad password get the same answer, so names cannot be probed. */
const BAD_LOGIN = 'wrong username or password / 用户名或密码错误';

export async function login(store: Store, username: string, password: string, now = new Date()): Promise<{ user: User; session: string; expires: Date }> {
  const user = await store.getUserByName(username);
  if (!user) {
    await hashPassword(password); // same work as a real check, so timing does not tell names apart
    throw new ApiError(401, BAD_LOGIN);
  }
  if (user.locked_until && user.locked_until > now.toISOString()) throw new ApiError(429, 'account locked after repeated failed logins; try later / 登录失败次数过多，账户已锁定', Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 1000));
  if (!(await verifyPassword(password, user.password_hash))) {
    const failed = user.failed_logins + 1;
    await store.updateUser(user.id, { failed_logins: failed, locked_until: failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MS).toISOString() : null });
    throw new ApiError(401, BAD_LOGIN);
  }
  if (user.failed_logins > 0 || user.locked_until) await store.updateUser(user.id, { failed_logins: 0, locked_until: null });
  const session = newSecret(SECRET_PREFIX.session);
  const expires = new Date(now.getTime() + SESSION_MS);
  await store.createSession({ id_hash: hashSecret(session), user_id: user.id, created_at: now.toISOString(), expires_at: expires.toISOString() });
  return { user, session, expires };
}

export async function createUser(store: Store, username: string, password: string, role: Role): Promise<User> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ApiError(400, `password must have at least ${MIN_PASSWORD_LENGTH} characters / 密码至少 ${MIN_PASSWORD_LENGTH} 位`);
  return store.createUser({ id: newId(), username, role, password_hash: await hashPassword(password), failed_logins: 0, locked_until: null, created_at: new Date().toISOString() });
}

/**
 * On a store without users, creates `admin` with `envPassword` (VIGIL_ADMIN_PASSWORD) or a
 * random password, returned once so the caller can print it; later starts return undefined.
 */
export async function bootstrapAdmin(store: Store, envPassword: string | undefined): Promise<{ username: string; password: string; generated: boolean } | undefined> {
  if ((await store.countUsers()) > 0) return undefined;
  const generated = !envPassword;
  const password = envPassword || newSecret('').slice(0, 24);
  await createUser(store, 'admin', password, 'admin');
  return { username: 'admin', password, generated };
}
