import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTar, TarFormatError } from '../../src/source/tar-reader.ts';
import { chunksOf, tarOf } from './image-fixtures.ts';

const sample = () => tarOf([
  { name: 'a.txt', content: 'alpha' },
  { name: 'big.bin', content: Buffer.alloc(300_000, 7) },
  { name: 'dir', type: 'directory' },
  { name: 'c.txt', content: 'gamma' },
]);

test('entries arrive in order; unread bodies are skipped', async () => {
  const seen: string[] = [];
  await readTar(chunksOf(await sample(), 4096), async (header, body) => {
    seen.push(header.name);
    if (header.name.endsWith('.txt')) seen.push((await body.readAll()).toString());
  });
  assert.deepEqual(seen, ['a.txt', 'alpha', 'big.bin', 'dir', 'c.txt', 'gamma']);
});

test('a truncated tar is a TarFormatError', async () => {
  const tar = await sample();
  await assert.rejects(readTar(chunksOf(tar.subarray(0, 200_000)), async () => {}), (err: Error) => err instanceof TarFormatError && /Unexpected end of data/.test(err.message));
});

test('garbage is a TarFormatError', async () => {
  await assert.rejects(readTar(chunksOf(Buffer.alloc(2048, 0x41)), async () => {}), TarFormatError);
});

test('errors of the entry handler and of the source propagate unchanged', async () => {
  const mine = new Error('handler failed');
  await assert.rejects(readTar(chunksOf(await sample()), async () => { throw mine; }), (err) => err === mine);
  const upstream = new Error('read failed');
  const tar = await sample();
  async function* failing() {
    yield tar.subarray(0, 1024);
    throw upstream;
  }
  await assert.rejects(readTar(failing(), async () => {}), (err) => err === upstream);
});
