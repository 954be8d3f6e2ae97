/**
 * What the Docker checks read from the Engine, fetched once per run and shared: /info, the
 * inspect documents of the running containers (as docker-bench-security audits them; with
 * `allContainers`, every container, as the benchmark's own `docker ps --quiet --all` audits do: a
 * stopped container restarts with the same configuration), of every image, and of networks.
 */
import { NoDockerEngine, type ComplianceContext } from '../context.ts';

export type Doc = Record<string, unknown>;

function api(ctx: ComplianceContext) {
  if (!ctx.docker) throw new NoDockerEngine(ctx.live ? 'no Docker Engine socket' : 'the Docker Engine is live state; not available for an offline root');
  return ctx.docker;
}

export function dockerInfo(ctx: ComplianceContext): Promise<Doc> {
  return ctx.shared('docker:info', () => api(ctx).get<Doc>('/info'));
}

export type DockerKind = 'containers' | 'images' | 'networks';

/** Inspect documents of the containers (running, or all), all images, or all networks. */
export function dockerObjects(ctx: ComplianceContext, kind: DockerKind): Promise<Doc[]> {
  return ctx.shared(`docker:${kind}`, async () => {
    const docker = api(ctx);
    if (kind === 'networks') return docker.get<Doc[]>('/networks');
    const list = await docker.get<{ Id: string }[]>(kind === 'containers' ? `/containers/json${ctx.allContainers ? '?all=1' : ''}` : '/images/json');
    const out: Doc[] = [];
    for (const { Id } of list) {
      // An object removed between list and inspect is simply gone.
      const doc = await docker.get<Doc>(`/${kind}/${Id}/json`).catch(() => undefined);
      if (doc) out.push(doc);
    }
    return out;
  });
}

/** How evidence names an object: container name, image tag, network name, else a short id. */
export function objectName(doc: Doc): string {
  const tags = doc.RepoTags as string[] | undefined;
  const name = (doc.Name as string | undefined)?.replace(/^\//, '') ?? tags?.[0];
  return name || String(doc.Id ?? '').replace(/^sha256:/, '').slice(0, 12);
}
