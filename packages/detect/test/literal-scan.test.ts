import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiteralScanner } from '../src/literal-scan.ts';

const found = (lits: string[], text: string) => {
  const ids = new Set<number>();
  new LiteralScanner(lits).scan(text, (id) => ids.add(id));
  return [...ids].sort((a, b) => a - b).map((i) => lits[i]);
};

test('literal scan: every literal found, overlapping and nested ones included', () => {
  assert.deepEqual(found(['he', 'she', 'his', 'hers'], 'ushers'), ['he', 'she', 'hers']);
  assert.deepEqual(found(['/etc/shadow', 'shadow', '/etc/'], 'cat /etc/shadow'), ['/etc/shadow', 'shadow', '/etc/']);
  assert.deepEqual(found(['curl', 'wget'], 'bash -c ls'), []);
  assert.deepEqual(found(['aab'], 'aaab'), ['aab'], 'a failed partial match restarts inside itself');
});

test('literal scan: a non-ASCII character is in no literal, so matches do not span it; literals must be ASCII', () => {
  assert.deepEqual(found(['ab'], 'aéb'), []);
  assert.deepEqual(found(['ab'], 'é ab'), ['ab']);
  assert.throws(() => new LiteralScanner(['é']));
  assert.throws(() => new LiteralScanner(['']));
});

test('literal scan: agrees with includes() on random text', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const word = (len: number) => Array.from({ length: len }, () => 'abc/'[rnd(4)]).join('');
  const lits = [...new Set(Array.from({ length: 40 }, () => word(1 + rnd(4))))];
  for (let i = 0; i < 300; i++) {
    const text = word(rnd(30));
    assert.deepEqual(found(lits, text), lits.filter((l) => text.includes(l)).sort((a, b) => lits.indexOf(a) - lits.indexOf(b)), text);
  }
});
