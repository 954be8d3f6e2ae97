import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { DecompressionBudget } from '../../src/source/decompress.ts';
import { LayerError, walkLayer } from '../../src/source/layer-tar.ts';
import type { WalkVisitor } from '../../src/source/source.ts';
import { chunksOf, gnuSparseTar, gzip, recorder, tarOf, tempDir, zstd } from './image-fixtures.ts';

const layer = () =>
  tarOf([
    { name: './', type: 'directory' },
    { name: './etc/', type: 'directory' },
    { name: './etc/os-release', content: 'ID=vigil\n' },
    { name: './bin/tool', content: '#!/bin/sh\n', mode: 0o4755 },
    { name: './etc/.wh.passwd' },
    { name: './usr/.wh..wh..opq' },
    { name: './.wh..wh.plnk', type: 'directory' },
    { name: './etc/shadow-link', type: 'symlink', linkname: '/etc/shadow' },
    { name: './etc/escape', type: 'symlink', linkname: '../../../../etc/shadow' },
    { name: './etc/hard', type: 'link', linkname: 'etc/os-release' },
    { name: './dev/null', type: 'character-device', devmajor: 1, devminor: 3 },
    { name: './run/fifo', type: 'fifo' },
  ]);

function walkOf(rec: ReturnType<typeof recorder>, over: Parameters<typeof rec.opts>[0] = {}, visitor: WalkVisitor = rec.visitor) {
  return { key: 'k1', label: 'layer k1', visitor, opts: rec.opts(over), budget: new DecompressionBudget(1 << 30) };
}

test('delivers regular files only, keyed by layer, and reports whiteouts and opaque dirs', async () => {
  const tar = await layer();
  for (const blob of [tar, gzip(tar), zstd(tar)]) {
    const rec = recorder();
    const changes = await walkLayer(chunksOf(blob, 1000), walkOf(rec));
    assert.deepEqual(changes, { whiteouts: ['etc/passwd'], opaqueDirs: ['usr'] });
    assert.deepEqual(rec.delivered, [
      { key: 'k1', path: 'etc/os-release', content: 'ID=vigil\n', info: { size: 9, mode: 0o644 } },
      { key: 'k1', path: 'bin/tool', content: '#!/bin/sh\n', info: { size: 10, mode: 0o4755 } },
    ]);
    // Links, devices and whiteout markers are never even offered.
    assert.deepEqual(rec.asked, ['etc/os-release', 'bin/tool']);
  }
});

test('unwanted files are not read; wanted files over the size limit are warned about and skipped', async () => {
  const tar = await tarOf([
    { name: 'big/unwanted.bin', content: Buffer.alloc(4096) },
    { name: 'big/wanted.bin', content: Buffer.alloc(4096) },
    { name: 'small', content: 'ok' },
  ]);
  const rec = recorder((path) => path !== 'big/unwanted.bin');
  await walkLayer(chunksOf(tar), walkOf(rec, { maxFileSize: 1024 }));
  assert.deepEqual(rec.delivered.map((d) => d.path), ['small']);
  assert.deepEqual(rec.warnings, ['skipping big/wanted.bin in layer k1: 4096 bytes exceeds the 1024-byte file size limit']);
});

test('entry paths escaping the root reject the layer', async () => {
  for (const name of ['../../etc/cron.d/evil', '/etc/passwd', 'a/../../b']) {
    const rec = recorder();
    await assert.rejects(walkLayer(chunksOf(await tarOf([{ name, content: 'x' }])), walkOf(rec)), (err: Error) =>
      err instanceof LayerError && err.message === `unsafe entry path ${JSON.stringify(name)} in layer k1`);
    assert.deepEqual(rec.delivered, []);
  }
});

test('truncated tars and corrupt compression are LayerErrors', async () => {
  const tar = await tarOf([{ name: 'f', content: Buffer.alloc(10_000, 1) }]);
  await assert.rejects(walkLayer(chunksOf(tar.subarray(0, 5000)), walkOf(recorder())), (err: Error) =>
    err instanceof LayerError && err.message === 'truncated or corrupt tar in layer k1: Unexpected end of data');
  const bad = gzip(tar);
  bad.fill(0xaa, 15, 40);
  await assert.rejects(walkLayer(chunksOf(bad), walkOf(recorder())), (err: Error) => err instanceof LayerError && err.message.startsWith('corrupt gzip data in layer k1'));
  const z = zstd(tar);
  await assert.rejects(walkLayer(chunksOf(z.subarray(0, z.length - 4)), walkOf(recorder())), (err: Error) => err instanceof LayerError && err.message.startsWith('corrupt zstd data in layer k1'));
});

test('errors of the visitor are not mistaken for a bad layer', async () => {
  const mine = new Error('cataloger bug');
  const rec = recorder();
  const visitor: WalkVisitor = { wants: () => true, file: async () => { throw mine; } };
  await assert.rejects(walkLayer(chunksOf(await layer()), walkOf(rec, {}, visitor)), (err) => err === mine);
});

test('GNU sparse files are delivered with their holes filled; unsupported variants are warned about', async (t) => {
  const dir = tempDir(t);
  const { tar, original } = gnuSparseTar(dir, '1.0');
  const rec = recorder();
  await walkLayer(chunksOf(tar), walkOf(rec));
  assert.equal(rec.delivered.length, 1);
  assert.equal(rec.delivered[0].path, 'holes.bin');
  assert.equal(rec.delivered[0].info.size, original.length);
  assert.ok(Buffer.from(rec.delivered[0].content, 'latin1').equals(original));

  const small = recorder();
  await walkLayer(chunksOf(tar), walkOf(small, { maxFileSize: 1024 * 1024 }));
  assert.deepEqual(small.delivered, []);
  assert.match(small.warnings[0], /^skipping holes.bin in layer k1: 3145728 bytes exceeds/);

  const old = recorder();
  await walkLayer(chunksOf(gnuSparseTar(dir, '0.1').tar), walkOf(old));
  assert.deepEqual(old.delivered, []);
  assert.deepEqual(old.warnings, ['skipping sparse file holes.bin in layer k1: unsupported sparse format']);

  // GNU format ('S' entries) has no PAX records to learn the real size from.
  const gnu = join(dir, 'gnu.tar');
  execFileSync('tar', ['--format=gnu', '-cSf', gnu, '-C', dir, 'holes.bin']);
  const oldGnu = recorder();
  await walkLayer(createReadStream(gnu), walkOf(oldGnu));
  assert.deepEqual(oldGnu.delivered, []);
  assert.deepEqual(oldGnu.warnings, ['skipping holes.bin in layer k1: unsupported tar entry type']);
});

test('a 200 MB file that is not wanted streams past without being buffered', async (t) => {
  const file = join(tempDir(t), 'layer.tar.gz');
  const size = 200 * 1024 * 1024;
  const p = pack();
  const writing = pipeline(p, createGzip({ level: 1 }), createWriteStream(file));
  const sink = p.entry({ name: 'opt/huge.bin', size, mode: 0o644 });
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < size / zeros.length; i++) {
    if (!sink.write(zeros)) await new Promise<void>((r) => sink.once('drain', () => r()));
  }
  sink.end(undefined); // streamx's typings make the argument mandatory
  p.entry({ name: 'etc/os-release' }, 'ID=after\n');
  p.finalize();
  await writing;

  const rec = recorder((path) => path === 'etc/os-release');
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    await walkLayer(createReadStream(file), walkOf(rec));
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  assert.deepEqual(rec.delivered.map((d) => d.path), ['etc/os-release']);
  const grown = `rss grew by ${Math.round((peak - before) / 1048576)} MiB`;
  t.diagnostic(grown);
  assert.ok(peak - before < 64 * 1024 * 1024, grown);
});
