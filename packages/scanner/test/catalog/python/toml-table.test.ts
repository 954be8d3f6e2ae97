import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTable, parseToml, stringOf, tables } from '../../../src/catalog/python/toml-table.ts';

test('parses TOML, tolerating a byte-order mark', () => {
  const parsed = parseToml(Buffer.from('\uFEFF[[package]]\nname = "a"\n'));
  assert.ok(isTable(parsed));
  assert.deepEqual(tables(parsed.package).map((t) => stringOf(t, 'name')), ['a']);
});

test('invalid TOML is a one-line reason', () => {
  const reason = parseToml(Buffer.from('a = [\n'));
  assert.equal(typeof reason, 'string');
  assert.match(reason as string, /^not valid TOML \(/);
  assert.doesNotMatch(reason as string, /\n/);
});

test('helpers keep only the expected shapes', () => {
  assert.deepEqual(tables([{ a: 1 }, 2, [3]]), [{ a: 1 }]);
  assert.deepEqual(tables('x'), []);
  assert.equal(isTable([]), false);
  assert.equal(stringOf({ a: 1 }, 'a'), undefined);
});
