/**
 * Container name, image and privilege from the Docker Engine API, looked up once per container
 * id and cached (a container's identity does not change). No Docker, or an unknown id: the event
 * keeps the id and runtime from its cgroup and nothing else.
 */
import { request } from 'node:http';

export interface ContainerInfo {
  name?: string;
  image?: { name?: string; tag?: string };
  privileged?: boolean;
  k8s?: { pod?: string; namespace?: string };
}

interface InspectResponse {
  Name?: string;
  Config?: { Image?: string; Labels?: Record<string, string> | null };
  HostConfig?: { Privileged?: boolean };
}

/** `registry:5000/ns/app:1.2` → name `registry:5000/ns/app`, tag `1.2`; digests stay in the name. */
export function splitImageReference(ref: string): { name: string; tag?: string } {
  if (ref.includes('@')) return { name: ref };
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return { name: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { name: ref };
}

export function containerInfoFromInspect(body: InspectResponse): ContainerInfo {
  const labels = body.Config?.Labels ?? {};
  const pod = labels['io.kubernetes.pod.name'];
  const namespace = labels['io.kubernetes.pod.namespace'];
  return {
    name: body.Name?.replace(/^\//, ''),
    image: body.Config?.Image ? splitImageReference(body.Config.Image) : undefined,
    privileged: body.HostConfig?.Privileged,
    k8s: pod || namespace ? { pod, namespace } : undefined,
  };
}

function inspect(socketPath: string, id: string): Promise<ContainerInfo | undefined> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: `/containers/${id}/json`, timeout: 2000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return resolve(undefined);
        try {
          resolve(containerInfoFromInspect(JSON.parse(Buffer.concat(chunks).toString('utf8')) as InspectResponse));
        } catch {
          resolve(undefined);
        }
      });
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

export class DockerContainerLookup {
  readonly #cache = new Map<string, { info: Promise<ContainerInfo | undefined>; expires: number }>();

  /** A failed lookup (no Docker, a container of another runtime) is retried after `retryMs`. */
  constructor(
    private readonly socketPath = '/var/run/docker.sock',
    private readonly maxEntries = 4096,
    private readonly retryMs = 30_000,
  ) {}

  lookup(id: string): Promise<ContainerInfo | undefined> {
    const hit = this.#cache.get(id);
    if (hit && hit.expires > Date.now()) return hit.info;
    // Bounded: the oldest id goes first (Map keeps insertion order).
    this.#cache.delete(id);
    if (this.#cache.size >= this.maxEntries) this.#cache.delete(this.#cache.keys().next().value!);
    const entry = { info: inspect(this.socketPath, id), expires: Infinity };
    this.#cache.set(id, entry);
    void entry.info.then((info) => {
      if (!info) entry.expires = Date.now() + this.retryMs;
    });
    return entry.info;
  }
}
