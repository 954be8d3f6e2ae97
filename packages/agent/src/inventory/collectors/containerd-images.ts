import type { Collector } from '../collector.ts';
import { containerdRows, messageField, numberField, repeatedMessages, stringField, stringMap, timestampField } from '../containerd-api.ts';

// Field numbers of the containerd API messages read here (api/services/images/v1/images.proto, api/types/descriptor.proto).
/** ListImagesResponse.images */
const LIST_ITEMS = 1;
/** images.v1.Image */
const IMAGE = { name: 1, labels: 2, target: 3, createdAt: 7 } as const;
/** types.Descriptor */
const DESCRIPTOR = { mediaType: 1, digest: 2, size: 3 } as const;

/** Images of every containerd namespace; `digest` is the manifest (or index) the name points at. */
export const containerdImagesCollector: Collector = {
  name: 'containerd_images',
  description: 'Container images (containerd) / 容器镜像（containerd）',
  collect: (ctx) =>
    containerdRows(ctx, async (client, namespace) =>
      repeatedMessages(await client.call('/containerd.services.images.v1.Images/List', namespace), LIST_ITEMS).map((i) => {
        const target = messageField(i, IMAGE.target);
        return {
          socket: client.socket,
          namespace,
          name: stringField(i, IMAGE.name),
          digest: stringField(target, DESCRIPTOR.digest),
          media_type: stringField(target, DESCRIPTOR.mediaType),
          manifest_size_bytes: numberField(target, DESCRIPTOR.size),
          created: timestampField(i, IMAGE.createdAt),
          labels: stringMap(i, IMAGE.labels),
        };
      })),
};
