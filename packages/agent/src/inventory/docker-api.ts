/** Read-only Docker Engine API over its unix socket. */
import { request } from 'node:http';
import type { InventoryContext } from './collector.ts';

const TIMEOUT_MS = 10_000;
/** The daemon is simply not there: no container runtime to list. */
const NO_DAEMON = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK']);

export class DockerUnavailable extends Error {}

export function dockerGet<T>(socketPath: string, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', headers: { host: 'docker' }, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new Error(`Docker API ${path}: HTTP ${res.statusCode}: ${body.trim().slice(0, 200)}`));
        try {
          resolve(JSON.parse(body) as T);
        } catch {
          reject(new Error(`Docker API ${path}: response is not JSON`));
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`Docker API ${path}: no answer in ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (err: NodeJS.ErrnoException) => reject(NO_DAEMON.has(err.code ?? '') ? new DockerUnavailable(err.message) : err));
    req.end();
  });
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
