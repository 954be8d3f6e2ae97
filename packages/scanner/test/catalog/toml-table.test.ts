import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTable, parseToml, readToml, stringOf, tables } from '../../src/catalog/toml-table.ts';

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

test('readToml warns once, naming the file, and yields nothing for a bad document', async () => {
  const warnings: string[] = [];
  const file = (text: string) => ({ path: 'poetry.lock', read: async () => Buffer.from(text) });
  assert.equal((await readToml(file('name = "x"'), { warn: (m) => warnings.push(m) }))?.name, 'x');
  assert.equal(await readToml(file('a = [\n'), { warn: (m) => warnings.push(m) }), undefined);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^poetry\.lock: not valid TOML/);
});
