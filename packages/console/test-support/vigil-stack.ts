/**
 * A real Vigil for the console's end-to-end test: `vigil server` on a fresh data directory and
 * a free loopback port, the real agent enrolled with the token the server writes, and a signed-in
 * API session to wait on what the agent reports. Nothing here is simulated.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');
const vigilBin = join(root, 'packages/cli/bin/vigil.js');
/** The advisories `npm start` imports (scripts/start.sh), so this host has real vulnerability findings. */
const corpora = join(root, '../shared/corpora');
const ADVISORIES = ['osv/go.tar.gz', 'osv/pypi.tar.gz', 'osv/nodejs-security-wg.tar.gz', 'osv/rustsec.tar.gz', 'debian', 'alpine'].map((path) => join(corpora, path));

export const ADMIN = { username: 'admin', password: 'e2e-Admin-pass-1' };

export interface Stack {
  url: string;
  dataDir: string;
  api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * The advisory database, imported once per machine and set of advisory files (like the test
 * images in /var/cache/vigil-test), under a lock; the server only reads it.
 */
function advisoryDb(): string {
  const cache = process.env.VIGIL_TEST_CACHE ?? '/var/cache/vigil-test';
  mkdirSync(cache, { recursive: true });
  const key = createHash('sha256');
  for (const path of ADVISORIES) key.update(`${path}:${statSync(path).size}:${statSync(path).mtimeMs}\n`);
  const db = join(cache, `vulndb-${key.digest('hex').slice(0, 16)}.sqlite`);
  const importer = `[ -s "$1" ] || { node "$2" db import --db "$1.tmp" "\${@:3}" >/dev/null && mv "$1.tmp" "$1"; }`;
  execFileSync('flock', [join(cache, '.vulndb.lock'), 'bash', '-c', importer, 'import', db, vigilBin, ...ADVISORIES], { stdio: 'ignore' });
  return db;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `probe` until it returns a value (not undefined), or fails with `what` after `ms`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms: number, logs?: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}${logs ? `\n--- logs ---\n${logs().slice(-4000)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function run(args: string[], env: Record<string, string>, output: string[]): ChildProcess {
  const child = spawn(process.execPath, [vigilBin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (tag: string) => (chunk: Buffer) => {
    output.push(`[${tag}] ${chunk.toString()}`);
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout!.on('data', keep(args[0]!));
  child.stderr!.on('data', keep(args[0]!));
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startStack(): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-data-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-agent-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const logs = () => output.join('');
  const children: ChildProcess[] = [];
  const vulndb = advisoryDb();
  const server = run(['server', '--data', dataDir, '--listen', `127.0.0.1:${port}`, '--vulndb', vulndb], { VIGIL_ADMIN_PASSWORD: ADMIN.password }, output);
  children.push(server);

  let cookie = '';
  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { cookie, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    await waitFor('the server to answer', async () => {
      if (server.exitCode !== null) throw new Error(`vigil server exited with ${server.exitCode}`);
      const res = await fetch(`${url}/api/v1/openapi.json`);
      return res.ok ? true : undefined;
    }, 60_000, logs);
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    if (!login.ok) throw new Error(`login as ${ADMIN.username}: ${login.status} ${await login.text()}`);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

    const tokenFile = join(dataDir, 'local-agent.token');
    await waitFor('the local agent enrollment token', async () => (existsSync(tokenFile) && readFileSync(tokenFile, 'utf8').trim() ? true : undefined), 20_000, logs);
    children.push(run(['agent', 'run', '--server', url, '--enroll-token-file', tokenFile, '--state', stateDir], {}, output));
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, dataDir, api, logs, stop };
}
