import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkReader, counted } from '../../src/source/chunk-reader.ts';

async function* source(parts: string[], log: string[]) {
  try {
    for (const p of parts) yield Buffer.from(p);
  } finally {
    log.push('closed');
  }
}

test('peek looks ahead across chunks without consuming', async () => {
  const reader = new ChunkReader(source(['ab', 'cd', 'ef'], []));
  assert.equal(Buffer.from(await reader.peek(3)).toString(), 'abc');
  assert.equal(Buffer.from(await reader.peek(100)).toString(), 'abcdef');
  assert.equal((await reader.readAll()).toString(), 'abcdef');
});

test('abandoning iteration leaves the source open to be drained', async () => {
  const log: string[] = [];
  const reader = new ChunkReader(source(['a', 'b', 'c'], log));
  for await (const chunk of reader) {
    assert.equal(Buffer.from(chunk).toString(), 'a');
    break;
  }
  assert.deepEqual(log, []);
  assert.equal((await reader.readAll()).toString(), 'bc');
  assert.deepEqual(log, ['closed']);
  await reader.drain();
});

test('counted reports running totals', async () => {
  const seen: number[] = [];
  for await (const _ of counted(source(['ab', 'cde'], []), (n) => seen.push(n)));
  assert.deepEqual(seen, [2, 5]);
});
