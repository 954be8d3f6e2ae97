/** USER, ENV, HEALTHCHECK and the full history of an image in the local Docker Engine. */
import type { DockerApi } from '../context.ts';
import type { ImageConfig } from './advice.ts';

interface Inspect {
  Config?: { User?: string; Env?: string[] | null; Healthcheck?: { Test?: string[] } | null };
}

/** Undefined when the image is not in the Engine (an archive or OCI layout), or no Engine answers. */
export async function imageConfig(docker: DockerApi, ref: string): Promise<ImageConfig | undefined> {
  const name = encodeURIComponent(ref);
  try {
    const inspect = await docker.get<Inspect>(`/images/${name}/json`);
    const history = await docker.get<{ CreatedBy?: string }[]>(`/images/${name}/history`);
    const test = inspect.Config?.Healthcheck?.Test ?? [];
    return {
      user: inspect.Config?.User ?? '',
      env: inspect.Config?.Env ?? [],
      healthcheck: test.length > 0 && test[0] !== 'NONE',
      // The Engine lists history newest first; steps are numbered oldest first.
      history: history.map((h) => h.CreatedBy ?? '').reverse(),
    };
  } catch {
    return undefined;
  }
}
