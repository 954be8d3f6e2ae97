/** The Docker Engine API over its unix socket: reads for the inventory, state changes for responses. */
import { request } from 'node:http';
import type { InventoryContext } from './collector.ts';

const TIMEOUT_MS = 10_000;
/** The daemon is simply not there: no container runtime to list. */
const NO_DAEMON = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK']);

export class DockerUnavailable extends Error {}

/** One Engine API call; resolves with the status and body of any answer below 400. */
function call(socketPath: string, method: 'GET' | 'POST', path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method, headers: { host: 'docker' }, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status >= 400) return reject(new Error(`Docker API ${path}: HTTP ${status}: ${body.trim().slice(0, 200)}`));
        resolve({ status, body });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`Docker API ${path}: no answer in ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (err: NodeJS.ErrnoException) => reject(NO_DAEMON.has(err.code ?? '') ? new DockerUnavailable(err.message) : err));
    req.end();
  });
}

export async function dockerGet<T>(socketPath: string, path: string): Promise<T> {
  const { status, body } = await call(socketPath, 'GET', path);
  if (status !== 200) throw new Error(`Docker API ${path}: HTTP ${status}`);
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new Error(`Docker API ${path}: response is not JSON`);
  }
}

/** A state change (`POST /containers/{id}/stop` …); resolves with the status (204, or 304 for "already"). */
export async function dockerPost(socketPath: string, path: string): Promise<number> {
  return (await call(socketPath, 'POST', path)).status;
}

/** The answer, or undefined when no daemon listens on the socket. */
export async function dockerQuery<T>(ctx: InventoryContext, path: string): Promise<T | undefined> {
  try {
    return await dockerGet<T>(ctx.dockerSocket, path);
  } catch (err) {
    if (err instanceof DockerUnavailable) return undefined;
    throw err;
  }
}

/** The subset of `GET /images/json` used here. */
export interface DockerImageSummary {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Created: number;
  Size: number;
  Labels: Record<string, string> | null;
}

export function dockerImages(ctx: InventoryContext): Promise<DockerImageSummary[]> {
  return ctx.shared('docker-images', async () => (await dockerQuery<DockerImageSummary[]>(ctx, '/images/json')) ?? []);
}
