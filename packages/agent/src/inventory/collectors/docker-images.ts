import type { Collector } from '../collector.ts';
import { dockerImages } from '../docker-api.ts';

/** osquery `docker_images`, from the Docker Engine API. */
export const dockerImagesCollector: Collector = {
  name: 'docker_images',
  description: 'Container images (Docker) / 容器镜像',
  async collect(ctx) {
    return (await dockerImages(ctx)).map((i) => ({
      id: i.Id,
      created: new Date(i.Created * 1000).toISOString(),
      size_bytes: i.Size,
      tags: i.RepoTags ?? [],
      repo_digests: i.RepoDigests ?? [],
    }));
  },
};
