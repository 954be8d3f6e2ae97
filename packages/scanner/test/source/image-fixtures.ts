/**
 * Synthetic image fixtures built at test time: layer tars, `docker save` archives (legacy and
 * OCI-style) and OCI image layouts, plus a visitor that records what a walk delivers.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';
import type { FileInfo } from '../../src/catalog/cataloger.ts';
import type { SourceOptions, WalkVisitor } from '../../src/source/source.ts';

export type Entry = Partial<Header> & { name: string; content?: string | Buffer };

/** A tar holding `entries` in order (regular files unless `type` says otherwise). */
export function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c) => chunks.push(c as Buffer));
  const done = new Promise<Buffer>((resolve, reject) => {
    p.on('end', () => resolve(Buffer.concat(chunks)));
    p.on('error', reject);
  });
  for (const { content, ...header } of entries) {
    if (header.type && header.type !== 'file') p.entry({ mode: 0o755, ...header });
    else p.entry({ mode: 0o644, ...header }, content ?? '');
  }
  p.finalize();
  return done;
}

export const gzip = (data: Buffer): Buffer => gzipSync(data);
export const zstd = (data: Buffer): Buffer => execFileSync('zstd', ['-q', '-c'], { input: data, maxBuffer: 1 << 30 });
export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

export interface FixtureLayer {
  /** The uncompressed layer tar (its sha256 is the diff_id). */
  tar: Buffer;
  /** What is stored in the image: `tar`, or a compressed form of it. */
  blob?: Buffer;
  createdBy?: string;
}

export interface FixtureImage {
  layers: FixtureLayer[];
  repoTags?: string[];
  architecture?: string;
}

export function configOf(image: FixtureImage): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: image.architecture ?? 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: image.layers.map((l) => `sha256:${sha256(l.tar)}`) },
      history: image.layers.flatMap((l, i) => [
        { created_by: `ENV STEP=${i}`, empty_layer: true },
        { created_by: l.createdBy ?? `layer ${i}` },
      ]),
    }),
  );
}

/** Files of a legacy `docker save` archive: `<id>/layer.tar`, `<config>.json`, manifest.json. */
export function legacyArchiveEntries(images: FixtureImage[], opts: { manifestFirst?: boolean } = {}): Entry[] {
  const layerEntries: Entry[] = [];
  const manifest = images.map((image) => {
    const config = configOf(image);
    const layers = image.layers.map((l) => {
      const id = sha256(l.tar);
      layerEntries.push({ name: `${id}/`, type: 'directory' }, { name: `${id}/VERSION`, content: '1.0' }, { name: `${id}/layer.tar`, content: l.blob ?? l.tar });
      return `${id}/layer.tar`;
    });
    layerEntries.push({ name: `${sha256(config)}.json`, content: config });
    return { Config: `${sha256(config)}.json`, RepoTags: image.repoTags ?? null, Layers: layers };
  });
  const manifestEntry: Entry = { name: 'manifest.json', content: JSON.stringify(manifest) };
  return opts.manifestFirst ? [manifestEntry, ...layerEntries] : [...layerEntries, manifestEntry];
}

const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

/** Files of an OCI image layout; `dockerManifest` adds the manifest.json of Docker 25+ `docker save`. */
export function ociLayoutFiles(images: FixtureImage[], opts: { dockerManifest?: boolean } = {}): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const blob = (data: Buffer) => {
    const hex = sha256(data);
    files.set(`blobs/sha256/${hex}`, data);
    return { digest: `sha256:${hex}`, size: data.length, path: `blobs/sha256/${hex}` };
  };
  const dockerManifest: unknown[] = [];
  const descriptors = images.map((image) => {
    const config = blob(configOf(image));
    const layers = image.layers.map((l) => blob(l.blob ?? l.tar));
    const manifest = blob(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MANIFEST_TYPE,
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
          layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: l.digest, size: l.size })),
        }),
      ),
    );
    dockerManifest.push({ Config: config.path, RepoTags: image.repoTags ?? [], Layers: layers.map((l) => l.path) });
    const tag = image.repoTags?.[0];
    return {
      mediaType: MANIFEST_TYPE,
      digest: manifest.digest,
      size: manifest.size,
      ...(tag ? { annotations: { 'io.containerd.image.name': tag, 'org.opencontainers.image.ref.name': tag.split(':').pop() } } : {}),
    };
  });
  files.set('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  files.set('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: descriptors })));
  if (opts.dockerManifest) files.set('manifest.json', Buffer.from(JSON.stringify(dockerManifest)));
  return files;
}

export function writeTree(dir: string, files: Map<string, Buffer>): string {
  for (const [path, data] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), data);
  }
  return dir;
}

export const entriesOf = (files: Map<string, Buffer>): Entry[] => [...files].map(([name, content]) => ({ name, content }));

export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-source-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Delivered {
  key: string;
  path: string;
  content: string;
  info: FileInfo;
}

/** A visitor wanting the paths `wanted` accepts; records deliveries and warnings. */
export function recorder(wanted: (path: string, info: FileInfo) => boolean = () => true) {
  const delivered: Delivered[] = [];
  const warnings: string[] = [];
  const asked: string[] = [];
  const visitor: WalkVisitor = {
    wants(path, info) {
      asked.push(path);
      return wanted(path, info);
    },
    async file(key, file) {
      delivered.push({ key, path: file.path, content: (await file.read()).toString('latin1'), info: { size: file.size, mode: file.mode } });
    },
  };
  const opts = (over: Partial<SourceOptions> = {}): SourceOptions => ({
    maxFileSize: 64 * 1024 * 1024,
    maxDecompressedBytes: 1024 * 1024 * 1024,
    tempDir: tmpdir(),
    warn: (m) => warnings.push(m),
    ...over,
  });
  return { delivered, warnings, asked, visitor, opts };
}

/** Chunks of `data`, as a stream would deliver them. */
export async function* chunksOf(data: Buffer, size = 7_000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

/** A 3 MiB file with two data islands, archived by GNU tar in the given sparse format. */
export function gnuSparseTar(dir: string, version: string): { tar: Buffer; original: Buffer } {
  const file = join(dir, 'holes.bin');
  writeFileSync(file, '');
  truncateSync(file, 3 * 1024 * 1024);
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(5000, 0x61), 0, 5000, 4096);
  writeSync(fd, Buffer.from('end of data'), 0, 11, 2 * 1024 * 1024);
  closeSync(fd);
  const out = join(dir, `s${version}.tar`);
  execFileSync('tar', ['--format=posix', `--sparse-version=${version}`, '-cSf', out, '-C', dir, 'holes.bin']);
  return { tar: readFileSync(out), original: readFileSync(file) };
}

