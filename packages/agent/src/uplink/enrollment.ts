/**
 * Enrollment: trade a one-time enrollment token for the agent's own credential, once. The
 * credential is kept in the state directory (0600) and reused at every later start, so the token
 * may expire after first use. An agent started before its server is up keeps trying; a refused
 * token is the operator's to fix and ends the agent with one line.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { UserError } from '@vigil/schema';
import { z } from 'zod';
import { Backoff } from '../spool/backoff.ts';
import { postJson, TransportError } from '../spool/transport.ts';

export const CREDENTIAL_FILE = 'credential.json';

const CredentialSchema = z.object({
  server: z.string(),
  host_id: z.string(),
  agent_id: z.string().min(1),
  credential: z.string().min(1),
});
export type Credential = z.infer<typeof CredentialSchema>;

const EnrollAnswer = z.object({ agent_id: z.string().min(1), credential: z.string().min(1) });

export interface EnrollOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8080`. */
  server: string;
  /** Read only when the agent has no credential for this server yet. */
  token: () => Promise<string>;
  host: { id: string; name?: string };
  version: string;
  stateDir: string;
  backoff?: Backoff;
  /** Ends the wait for an unreachable server. */
  signal?: AbortSignal;
  onWarn?: (message: string) => void;
}

/** `http://h:1/` and `http://h:1` are one server. */
export function normaliseServerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`--server: '${url}' is not a URL`, 'BAD_FLAG');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UserError(`--server: '${url}' is not an http(s) URL`, 'BAD_FLAG');
  return parsed.href.replace(/\/+$/, '');
}

async function storedCredential(stateDir: string): Promise<Credential | undefined> {
  const text = await readFile(join(stateDir, CREDENTIAL_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return CredentialSchema.parse(JSON.parse(text));
  } catch {
    throw new UserError(`${join(stateDir, CREDENTIAL_FILE)} is damaged; remove it to enroll again`, 'BAD_STATE_DIR');
  }
}

async function storeCredential(stateDir: string, credential: Credential): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const tmp = join(stateDir, `.${CREDENTIAL_FILE}.${randomUUID()}`);
  await writeFile(tmp, `${JSON.stringify(credential)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600); // whatever the umask
  await rename(tmp, join(stateDir, CREDENTIAL_FILE));
}

/** The stored credential for this server and host, else a new one from the server. */
export async function enroll(opts: EnrollOptions): Promise<Credential> {
  const server = normaliseServerUrl(opts.server);
  const stored = await storedCredential(opts.stateDir);
  if (stored && stored.server === server && stored.host_id === opts.host.id) return stored;
  const token = (await opts.token()).trim();
  if (!token) throw new UserError('the enrollment token is empty', 'BAD_TOKEN');
  const backoff = opts.backoff ?? new Backoff({ maxMs: 30_000 });
  const url = `${server}/api/v1/agents/enroll`;
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await postJson({ url, body: JSON.stringify({ token, host: opts.host, version: opts.version }) });
      const parsed = EnrollAnswer.safeParse(answer);
      if (!parsed.success) throw new TransportError(`${url}: the answer is not an enrollment`, false);
      const credential: Credential = { server, host_id: opts.host.id, ...parsed.data };
      await storeCredential(opts.stateDir, credential);
      return credential;
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      if (err.status === 401 || err.status === 403) throw new UserError(`enrollment refused by ${server}: the token is wrong or expired (HTTP ${err.status})`, 'ENROLL_REFUSED');
      if (!err.retryable) throw new UserError(`enrollment at ${server} failed: ${err.message}`, 'ENROLL_FAILED');
      if (attempt === 1) opts.onWarn?.(`enrollment: ${err.message}; retrying with backoff`);
      await delay(Math.max(backoff.next(), err.retryAfterMs ?? 0), undefined, { signal: opts.signal }).catch(() => undefined);
      if (opts.signal?.aborted) throw new UserError(`stopped before enrollment at ${server} succeeded`, 'ENROLL_FAILED');
    }
  }
}
