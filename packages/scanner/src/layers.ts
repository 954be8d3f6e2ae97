/**
 * Applying image layers in order, on catalog results rather than on files.
 *
 * The engine catalogs every wanted file as its layer streams past and keeps the result under
 * (layer, path). Only afterwards — in docker-archive the manifest that gives the layer order can
 * come after the layers — are layers applied, lowest first: a layer's whiteouts and opaque dirs
 * delete what earlier layers left at those paths, then its own results replace same-path ones.
 * What survives is exactly what a container started from the image would see.
 */

export interface LayerChanges {
  key: string;
  whiteouts: readonly string[];
  opaqueDirs: readonly string[];
}

/** Results of one layer, by path (relative, POSIX, no leading slash). */
export type LayerResults<T> = ReadonlyMap<string, T>;

export interface SurvivingResult<T> {
  path: string;
  /** Key of the layer the surviving file came from. */
  layerKey: string;
  result: T;
}

export function applyLayers<T>(
  layers: readonly LayerChanges[],
  resultsByLayer: ReadonlyMap<string, LayerResults<T>>,
): SurvivingResult<T>[] {
  const visible = new Map<string, SurvivingResult<T>>();
  for (const layer of layers) {
    for (const dir of layer.opaqueDirs) deleteUnder(visible, dir, false);
    for (const path of layer.whiteouts) deleteUnder(visible, path, true);
    const own = resultsByLayer.get(layer.key);
    if (!own) continue;
    for (const [path, result] of own) visible.set(path, { path, layerKey: layer.key, result });
  }
  return [...visible.values()];
}

/** Delete everything below `dir` (and `dir` itself when `self`). */
function deleteUnder<T>(visible: Map<string, SurvivingResult<T>>, dir: string, self: boolean): void {
  const prefix = dir === '' ? '' : `${dir}/`;
  for (const path of visible.keys()) {
    if ((self && path === dir) || path.startsWith(prefix)) visible.delete(path);
  }
}
