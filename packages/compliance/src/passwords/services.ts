/**
 * Weak credentials of network services on this host, tried over loopback with the service's own
 * protocol: Redis without `requirepass` or with a guessable one, MySQL/MariaDB and PostgreSQL
 * accounts with an empty or guessable password, and PostgreSQL `trust` authentication (a login
 * that no password was ever asked for). Attempts per account are few: this is an audit, not a
 * brute force, and servers count failed logins.
 */
import { connect } from 'node:net';
import mysql from 'mysql2/promise';
import pg from 'pg';

export type ServiceKind = 'redis' | 'mysql' | 'postgres';

export type CredentialVerdict = 'no-auth' | 'trust' | 'empty' | 'weak' | 'ok' | 'unreachable';

export interface ServiceFinding {
  service: ServiceKind;
  endpoint: string;
  verdict: CredentialVerdict;
  /** The account concerned (database services). */
  user?: string;
  detail: string;
}

export interface ServiceProbeOptions {
  host?: string;
  port?: number;
  /** Accounts to try (database services); defaults: root for MySQL, postgres for PostgreSQL. */
  users?: readonly string[];
  /** Passwords to try after the empty one, most likely first. */
  passwords: readonly string[];
  timeoutMs?: number;
}

const DEFAULT_PORTS: Record<ServiceKind, number> = { redis: 6379, mysql: 3306, postgres: 5432 };
const TIMEOUT_MS = 3000;

export async function checkService(kind: ServiceKind, opts: ServiceProbeOptions): Promise<ServiceFinding[]> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? DEFAULT_PORTS[kind];
  const endpoint = `${host}:${port}`;
  const timeout = opts.timeoutMs ?? TIMEOUT_MS;
  if (kind === 'redis') return [await checkRedis(endpoint, host, port, opts.passwords, timeout)];
  const users = opts.users ?? (kind === 'mysql' ? ['root'] : ['postgres']);
  const out: ServiceFinding[] = [];
  for (const user of users) {
    const finding = kind === 'mysql' ? await checkMysql(endpoint, host, port, user, opts.passwords, timeout) : await checkPostgres(endpoint, host, port, user, opts.passwords, timeout);
    out.push(finding);
    if (finding.verdict === 'unreachable') break;
  }
  return out;
}

/** One RESP request → the first reply line, or an error code when nothing listens. */
async function checkRedis(endpoint: string, host: string, port: number, passwords: readonly string[], timeout: number): Promise<ServiceFinding> {
  const base = { service: 'redis' as const, endpoint };
  const session = await redisSession(host, port, timeout);
  if (!session) return { ...base, verdict: 'unreachable', detail: 'nothing listens' };
  try {
    const ping = await session.send(['PING']);
    if (ping.startsWith('+PONG')) return { ...base, verdict: 'no-auth', detail: 'PING answered without AUTH: no requirepass' };
    if (!/NOAUTH/i.test(ping)) return { ...base, verdict: 'ok', detail: `PING: ${ping.slice(0, 80)}` };
    for (const [i, pw] of passwords.entries()) {
      if ((await session.send(['AUTH', pw])).startsWith('+OK')) return { ...base, verdict: 'weak', detail: `requirepass is guess #${i + 1} of the dictionary` };
    }
    return { ...base, verdict: 'ok', detail: `requirepass set; none of ${passwords.length} guesses` };
  } finally {
    session.close();
  }
}

interface RedisSession {
  send(args: string[]): Promise<string>;
  close(): void;
}

function redisSession(host: string, port: number, timeout: number): Promise<RedisSession | undefined> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    sock.setTimeout(timeout);
    let buffered = '';
    let waiter: ((line: string) => void) | undefined;
    sock.on('data', (d: Buffer) => {
      buffered += d.toString('utf8');
      const nl = buffered.indexOf('\r\n');
      if (nl >= 0 && waiter) {
        const line = buffered.slice(0, nl);
        buffered = '';
        const w = waiter;
        waiter = undefined;
        w(line);
      }
    });
    const fail = () => {
      sock.destroy();
      if (waiter) waiter('-ERR connection closed');
      resolve(undefined);
    };
    sock.once('error', fail);
    sock.once('timeout', fail);
    sock.once('connect', () => {
      sock.removeListener('error', fail);
      sock.on('error', () => waiter?.('-ERR connection error'));
      resolve({
        send: (args) =>
          new Promise((res) => {
            waiter = res;
            sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
          }),
        close: () => sock.destroy(),
      });
    });
  });
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOTFOUND']);

async function checkMysql(endpoint: string, host: string, port: number, user: string, passwords: readonly string[], timeout: number): Promise<ServiceFinding> {
  const base = { service: 'mysql' as const, endpoint, user };
  for (const [i, password] of ['', ...passwords].entries()) {
    try {
      const conn = await mysql.createConnection({ host, port, user, password, connectTimeout: timeout });
      await conn.end();
      return i === 0 ? { ...base, verdict: 'empty', detail: `${user} logs in with an empty password` } : { ...base, verdict: 'weak', detail: `${user}'s password is guess #${i} of the dictionary` };
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (UNREACHABLE.has(code)) return { ...base, verdict: 'unreachable', detail: code };
      if (code !== 'ER_ACCESS_DENIED_ERROR') return { ...base, verdict: 'ok', detail: `login refused: ${code || (err as Error).message}` };
    }
  }
  return { ...base, verdict: 'ok', detail: `none of ${passwords.length + 1} guesses` };
}

async function checkPostgres(endpoint: string, host: string, port: number, user: string, passwords: readonly string[], timeout: number): Promise<ServiceFinding> {
  const base = { service: 'postgres' as const, endpoint, user };
  // A password no one would set: accepted means the server never checked it (trust).
  const nonsense = `vigil-probe-${Math.random().toString(36).slice(2)}`;
  for (const [i, password] of [nonsense, ...passwords].entries()) {
    const client = new pg.Client({ host, port, user, password, database: 'postgres', connectionTimeoutMillis: timeout });
    try {
      await client.connect();
      await client.end();
      if (i === 0) return { ...base, verdict: 'trust', detail: `${user} logs in with any password: trust authentication for ${host}` };
      return { ...base, verdict: 'weak', detail: `${user}'s password is guess #${i} of the dictionary` };
    } catch (err) {
      await client.end().catch(() => undefined);
      const code = (err as { code?: string }).code ?? '';
      if (UNREACHABLE.has(code)) return { ...base, verdict: 'unreachable', detail: code };
      // 28P01 wrong password, 28000 no such role / rejected by pg_hba: both mean the login was checked.
      if (code !== '28P01') return { ...base, verdict: 'ok', detail: `login refused: ${code || (err as Error).message}` };
    }
  }
  return { ...base, verdict: 'ok', detail: `none of ${passwords.length} guesses` };
}
