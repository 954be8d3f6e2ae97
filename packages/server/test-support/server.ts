/** A real embedded server in a temporary data directory, with users of each role, for tests. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, type ServerOptions, startServer } from '../src/server.ts';
import { call } from './agent-client.ts';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestServer {
  server: RunningServer;
  base: string;
  dataDir: string;
  /** Session cookies of users with each role. */
  cookies: { admin: string; analyst: string; viewer: string };
  /** Enrollment token from `<data>/local-agent.token`. */
  enrollToken: string;
  stop(): Promise<void>;
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const r = await call(base, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.headers.get('set-cookie')!.split(';')[0];
}

export async function testServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-server-'));
  const server = await startServer({ dataDir, host: '127.0.0.1', port: 0, store: 'sqlite', bus: 'memory', role: 'all', rules: [], adminPassword: ADMIN_PASSWORD, log: () => {}, ...opts });
  const base = server.url;
  const admin = await login(base, 'admin', ADMIN_PASSWORD);
  for (const role of ['analyst', 'viewer'] as const) {
    const r = await call(base, 'POST', '/api/v1/users', { cookie: admin, body: { username: role, password: `${role}-password-1`, role } });
    if (r.status !== 201 && r.status !== 409) throw new Error(`create ${role}: ${r.status}`);
  }
  const cookies = { admin, analyst: await login(base, 'analyst', 'analyst-password-1'), viewer: await login(base, 'viewer', 'viewer-password-1') };
  return {
    server,
    base,
    dataDir,
    cookies,
    enrollToken: readFileSync(server.localAgentTokenPath, 'utf8').trim(),
    async stop() {
      await server.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
