import { request, type IncomingMessage } from 'node:http';
import { UserError } from '@vigil/schema';
import { counted } from './chunk-reader.ts';
import { walkImageArchive } from './image-archive.ts';
import type { Source, SourceOptions } from './source.ts';

/**
 * Images from the local Docker Engine: inspected through the Engine API, then exported with
 * `GET /images/{name}/get` (a `docker save` archive) and streamed through the archive walker —
 * never written to disk.
 */

export interface DockerEndpoint {
  /** How messages name the daemon. */
  label: string;
  socketPath?: string;
  host?: string;
  port?: number;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';
const INSPECT_TIMEOUT_MS = 60_000;
const MAX_INSPECT_BYTES = 16 * 1024 * 1024;

/** `$DOCKER_HOST` (unix:// or plain tcp://), else the default socket. */
export function dockerEndpoint(env: NodeJS.ProcessEnv = process.env): DockerEndpoint {
  const host = env.DOCKER_HOST;
  if (!host) return { label: `unix://${DEFAULT_SOCKET}`, socketPath: DEFAULT_SOCKET };
  if (host.startsWith('unix://')) return { label: host, socketPath: host.slice('unix://'.length) };
  if (host.startsWith('tcp://')) {
    if (env.DOCKER_TLS_VERIFY) throw new UserError(`TLS Docker hosts are not supported: ${host}`, 'DOCKER_UNREACHABLE');
    const url = new URL(`http://${host.slice('tcp://'.length)}`);
    return { label: host, host: url.hostname, port: Number(url.port || 2375) };
  }
  throw new UserError(`unsupported DOCKER_HOST: ${host}`, 'DOCKER_UNREACHABLE');
}

interface ImageInspect {
  Id?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size?: number;
}

export async function openDaemonImage(name: string, opts: SourceOptions, endpoint = dockerEndpoint()): Promise<Source> {
  const path = `/images/${encodeName(name)}`;
  const inspectResponse = await get(endpoint, `${path}/json`, INSPECT_TIMEOUT_MS);
  const inspect = (await readJson(inspectResponse, name, endpoint)) as ImageInspect;

  return {
    async walk(visitor) {
      const archive = await get(endpoint, `${path}/get`);
      try {
        await expectOk(archive, name, endpoint);
        const total = typeof inspect.Size === 'number' && inspect.Size > 0 ? inspect.Size : undefined;
        return await walkImageArchive(
          counted(exported(archive, name, endpoint), (done) => visitor.progress?.(done, total)),
          {
            name,
            selector: opts.platform ? { platform: opts.platform } : {},
            visitor,
            opts,
            target: {
              ...(inspect.Id ? { imageId: inspect.Id } : {}),
              ...(inspect.RepoTags?.length ? { repoTags: inspect.RepoTags } : {}),
              ...(inspect.RepoDigests?.length ? { repoDigests: inspect.RepoDigests } : {}),
            },
          },
        );
      } finally {
        archive.destroy();
      }
    },
  };
}

/** The export stream, with a dropped connection reported as the user's problem it is. */
async function* exported(res: IncomingMessage, name: string, endpoint: DockerEndpoint): AsyncGenerator<Uint8Array> {
  try {
    yield* res as AsyncIterable<Buffer>;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UserError(`lost the Docker daemon at ${endpoint.label} while exporting ${name} (${reason})`, 'DOCKER_UNREACHABLE');
  }
}

/** Names go into the path as Docker's own client puts them: `/`, `:` and `@` stay readable. */
function encodeName(name: string): string {
  return encodeURIComponent(name).replace(/%2F/gi, '/').replace(/%3A/gi, ':').replace(/%40/g, '@');
}

function get(endpoint: DockerEndpoint, path: string, timeoutMs?: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        method: 'GET',
        path,
        ...(endpoint.socketPath ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port }),
      },
      resolve,
    );
    if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => {
      reject(new UserError(`Docker daemon unreachable at ${endpoint.label} (${err.code ?? err.message})`, 'DOCKER_UNREACHABLE'));
    });
    req.end();
  });
}

async function expectOk(res: IncomingMessage, name: string, endpoint: DockerEndpoint): Promise<void> {
  if (res.statusCode === 200) return;
  const body = await readBody(res);
  if (res.statusCode === 404) throw new UserError(`image not found: ${name}`, 'NOT_FOUND');
  let message = body.toString('utf8').trim();
  try {
    message = String((JSON.parse(message) as { message?: unknown }).message ?? message);
  } catch {
    // Not JSON: keep the text.
  }
  throw new UserError(`Docker daemon at ${endpoint.label} refused ${name}: ${message.split('\n')[0]} (HTTP ${res.statusCode})`, 'DOCKER_ERROR');
}

async function readJson(res: IncomingMessage, name: string, endpoint: DockerEndpoint): Promise<unknown> {
  await expectOk(res, name, endpoint);
  try {
    return JSON.parse((await readBody(res)).toString('utf8'));
  } catch {
    throw new UserError(`Docker daemon at ${endpoint.label} sent an unreadable answer for ${name}`, 'DOCKER_ERROR');
  }
}

async function readBody(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_INSPECT_BYTES) {
      res.destroy();
      break;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
