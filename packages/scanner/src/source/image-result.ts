import type { ImagePlan } from './image-manifest.ts';
import type { LayerChanges } from './layer-tar.ts';
import type { WalkResult } from './source.ts';

/** The walk result of an image: its plan, and for each planned layer the key and changes it was walked with. */
export function imageResult(
  name: string,
  plan: ImagePlan,
  layerOf: (path: string) => { key: string; changes: LayerChanges },
  extra: { repoTags?: string[]; repoDigests?: string[]; imageId?: string } = {},
): WalkResult {
  const repoTags = extra.repoTags ?? plan.repoTags;
  return {
    target: {
      kind: 'image',
      name,
      imageId: extra.imageId ?? plan.imageId,
      ...(repoTags.length ? { repoTags } : {}),
      ...(extra.repoDigests?.length ? { repoDigests: extra.repoDigests } : {}),
      ...(plan.architecture ? { architecture: plan.architecture } : {}),
      layers: plan.layers.map((l) => ({ digest: l.diffId, ...(l.createdBy ? { createdBy: l.createdBy } : {}) })),
    },
    layers: plan.layers.map((l) => {
      const { key, changes } = layerOf(l.path);
      return {
        key,
        digest: l.diffId,
        ...(l.createdBy ? { createdBy: l.createdBy } : {}),
        whiteouts: [...changes.whiteouts],
        opaqueDirs: [...changes.opaqueDirs],
      };
    }),
  };
}
