import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '@vigil/schema';
import type { CatalogFile, Cataloger } from '../src/catalog/cataloger.ts';
import { catalogSource } from '../src/engine.ts';
import { allCatalogers } from '../src/catalog/registry.ts';
import type { LayerRecord, Source, WalkVisitor } from '../src/source/source.ts';

/** An image held in memory: each layer lists files (path → content) and its deletions. */
function memoryImage(layers: (Omit<LayerRecord, 'key'> & { files: Record<string, string> })[]): { source: Source; reads: string[] } {
  const reads: string[] = [];
  const source: Source = {
    async walk(visitor: WalkVisitor) {
      for (const [i, layer] of layers.entries()) {
        for (const [path, content] of Object.entries(layer.files)) {
          const info = { size: content.length, mode: 0o644 };
          if (!visitor.wants(path, info)) continue;
          const file: CatalogFile = { path, ...info, read: async () => (reads.push(path), Buffer.from(content)) };
          await visitor.file(`layer${i}`, file);
        }
      }
      return {
        target: { kind: 'image', name: 'memory' },
        layers: layers.map((l, i) => ({ key: `layer${i}`, digest: l.digest, whiteouts: l.whiteouts, opaqueDirs: l.opaqueDirs })),
      };
    },
  };
  return { source, reads };
}

/** A cataloger for a toy format: `name=version` lines in files called `pkgs.txt`. */
const lines: Cataloger = {
  name: 'lines',
  wants: (path) => path.endsWith('pkgs.txt'),
  async catalog(file) {
    const text = (await file.read()).toString();
    const packages: Package[] = text
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [name, version] = l.split('=');
        return { name, version, type: 'npm', ecosystem: 'npm', locations: [{ path: file.path }] };
      });
    return { packages };
  },
};
const osRelease: Cataloger = {
  name: 'os',
  wants: (path) => path === 'etc/os-release' || path === 'usr/lib/os-release',
  async catalog(file) {
    return { os: { id: (await file.read()).toString() } };
  },
};
const broken: Cataloger = {
  name: 'broken',
  wants: (path) => path.endsWith('pkgs.txt'),
  catalog() {
    throw new Error('parser bug');
  },
};

const d = (n: number) => `sha256:${String(n).repeat(64)}`;

test('packages carry the digest of the layer their file survived from; deleted files lose their packages', async () => {
  const { source } = memoryImage([
    { digest: d(1), whiteouts: [], opaqueDirs: [], files: { 'a/pkgs.txt': 'x=1\ny=1', 'b/pkgs.txt': 'z=1', 'usr/lib/os-release': 'lib' } },
    { digest: d(2), whiteouts: ['b'], opaqueDirs: [], files: { 'a/pkgs.txt': 'x=2', 'etc/os-release': 'etc' } },
  ]);
  const out = await catalogSource(async () => source, { catalogers: [lines, osRelease] });
  assert.deepEqual(
    out.packages.map((p) => `${p.name}@${p.version} ${p.locations[0].layer}`),
    [`x@2 ${d(2)}`],
  );
  assert.equal(out.target.os?.id, 'etc', 'etc/os-release outranks usr/lib/os-release');
});

test('skip-dirs keeps files from ever being read, and unwanted files are never read', async () => {
  const { source, reads } = memoryImage([
    { whiteouts: [], opaqueDirs: [], files: { 'src/pkgs.txt': 'a=1', 'vendor/pkgs.txt': 'b=1', 'README.md': 'hi' } },
  ]);
  const out = await catalogSource(async () => source, { catalogers: [lines], skipDirs: ['vendor'] });
  assert.deepEqual(out.packages.map((p) => p.name), ['a']);
  assert.deepEqual(reads, ['src/pkgs.txt']);
});

test('a cataloger that throws becomes a warning and the others still report', async () => {
  const { source } = memoryImage([{ whiteouts: [], opaqueDirs: [], files: { 'pkgs.txt': 'a=1' } }]);
  const out = await catalogSource(async () => source, { catalogers: [broken, lines] });
  assert.deepEqual(out.packages.map((p) => p.name), ['a']);
  assert.equal(out.warnings.length, 1);
  assert.match(out.warnings[0], /broken: pkgs\.txt: parser bug/);
});

test('the scratch directory handed to the source is removed afterwards, even on failure', async () => {
  const { existsSync } = await import('node:fs');
  let temp = '';
  await assert.rejects(
    catalogSource(async (o) => {
      temp = o.tempDir;
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.ok(temp && !existsSync(temp));
});

test('a root package made from a manifest carries the layer of the manifest, not of the lockfile', async () => {
  const yarnLock = ['# yarn lockfile v1', '', 'jquery@^3.2.1:', '  version "3.2.1"', '  resolved "https://registry.yarnpkg.com/jquery/-/jquery-3.2.1.tgz"', ''].join('\n');
  const { source } = memoryImage([
    { digest: d(1), whiteouts: [], opaqueDirs: [], files: { 'app/package.json': '{"name":"app","version":"1.0.0","dependencies":{"jquery":"^3.2.1"}}' } },
    { digest: d(2), whiteouts: [], opaqueDirs: [], files: { 'app/yarn.lock': yarnLock } },
  ]);
  const out = await catalogSource(async () => source, { catalogers: allCatalogers });
  const where = Object.fromEntries(out.packages.map((p) => [`${p.name}${p.root ? ' (root)' : ''}`, p.locations.map((l) => `${l.path} ${l.layer}`)]));
  assert.deepEqual(where, {
    'app (root)': [`app/package.json ${d(1)}`],
    jquery: [`app/yarn.lock ${d(2)}`],
  });
});
