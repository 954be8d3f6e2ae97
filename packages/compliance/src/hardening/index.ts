import type { DockerApi } from '../context.ts';
import { hardeningAdvice, type HardeningReport } from './advice.ts';
import { imageConfig } from './image-config.ts';
import { readImageFiles } from './image-files.ts';

export { renderHardening } from './render.ts';
export type { Advice, HardeningReport } from './advice.ts';

/** Hardening and slimming advice for an image: any source the scanner reads, plus the Engine's config when it has the image. */
export async function adviseImage(ref: string, opts: { docker?: DockerApi; maxFileSize?: number; onProgress?(done: number, total?: number): void } = {}): Promise<HardeningReport> {
  const files = await readImageFiles(ref, { ...(opts.maxFileSize ? { maxFileSize: opts.maxFileSize } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  const config = opts.docker ? await imageConfig(opts.docker, ref) : undefined;
  return hardeningAdvice(files, config);
}
