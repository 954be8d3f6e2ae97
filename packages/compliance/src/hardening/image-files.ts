/**
 * What the hardening advice needs from an image, gathered in the scanner's single streaming pass
 * (`scan('image', ref, { catalogers })`, so every source the scanner reads works): each layer's
 * files with size and mode, the few small files worth reading for secrets, the OS, the layer
 * history, and which files are still visible in the final image.
 *
 * Visibility, and the layer a file came from, come from the scanner's layer application, which
 * only carries packages (a file's layer is not known while a docker-archive streams): every file
 * of at least VISIBLE_MIN_BYTES is reported as a location of a marker package (version = its
 * size) that never reaches a matcher, and what survives whiteouts and replacement is what the
 * image still shows, with its layer. Smaller files are left out — their bytes cannot make a
 * slimming difference.
 */
import { allCatalogers, scan, type Cataloger, type LayerRef } from '@vigil/scanner';
import type { OSInfo, Package } from '@vigil/schema';
import { secretFileKind, SECRET_FILE_MAX_BYTES, type SecretHit } from './secrets.ts';

export interface ImageFile {
  path: string;
  size: number;
  mode: number;
}

export interface VisibleFile {
  layer: string;
  size: number;
}

export interface ImageFiles {
  name: string;
  os?: OSInfo;
  layers: LayerRef[];
  /** Every regular file of every layer, in stream order (a path may repeat across layers). */
  files: ImageFile[];
  /** Files of VISIBLE_MIN_BYTES or more that the final image still shows, by path. */
  visible: Map<string, VisibleFile>;
  secrets: SecretHit[];
  warnings: string[];
}

export const VISIBLE_MIN_BYTES = 4096;
const MARKER = 'vigil-hardening-visible-file';

export async function readImageFiles(ref: string, opts: { maxFileSize?: number; onProgress?(done: number, total?: number): void } = {}): Promise<ImageFiles> {
  const files: ImageFile[] = [];
  const secrets: SecretHit[] = [];
  const collector: Cataloger = {
    name: 'hardening',
    wants: () => true,
    async catalog(file) {
      files.push({ path: file.path, size: file.size, mode: file.mode });
      const kind = secretFileKind(file.path);
      if (kind && file.size <= SECRET_FILE_MAX_BYTES) {
        const hit = kind.test((await file.read()).toString('utf8'));
        if (hit) secrets.push({ where: `/${file.path}`, what: hit });
      }
      if (file.size < VISIBLE_MIN_BYTES) return {};
      const marker: Package = { name: MARKER, version: String(file.size), type: 'npm', ecosystem: '', root: true, locations: [{ path: file.path }] };
      return { packages: [marker] };
    },
  };
  const osRelease = allCatalogers.filter((c) => c.name === 'os-release');
  const report = await scan('image', ref, { catalogers: [collector, ...osRelease], ...opts });
  const visible = new Map<string, VisibleFile>();
  for (const p of report.packages) {
    if (p.name === MARKER) for (const l of p.locations) visible.set(l.path, { layer: l.layer ?? '', size: Number(p.version) });
  }
  return {
    name: report.target.name,
    ...(report.target.os ? { os: report.target.os } : {}),
    layers: report.target.layers ?? [],
    files,
    visible,
    secrets,
    warnings: report.warnings,
  };
}
