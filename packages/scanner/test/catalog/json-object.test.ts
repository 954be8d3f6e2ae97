import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isObject, parseJsonObject, readJsonObject, stringField } from '../../src/catalog/json-object.ts';

test('parses an object, tolerating a byte-order mark', () => {
  assert.deepEqual(parseJsonObject(Buffer.from('\uFEFF{"a":"b"}')), { a: 'b' });
});

test('anything else is a one-line reason', () => {
  assert.equal(parseJsonObject('[1]'), 'not a JSON object');
  assert.equal(parseJsonObject('null'), 'not a JSON object');
  const reason = parseJsonObject('{\n"a":\n');
  assert.equal(typeof reason, 'string');
  assert.match(reason as string, /^not valid JSON \(/);
  assert.doesNotMatch(reason as string, /\n/);
});

test('field helpers check types', () => {
  assert.equal(isObject([]), false);
  assert.equal(isObject(null), false);
  assert.equal(stringField({ a: 1, b: 'x' }, 'a'), undefined);
  assert.equal(stringField({ a: 1, b: 'x' }, 'b'), 'x');
});

test('readJsonObject warns once, naming the file, and yields nothing for a bad document', async () => {
  const warnings: string[] = [];
  const file = (text: string) => ({ path: 'app/package-lock.json', read: async () => Buffer.from(text) });
  assert.deepEqual(await readJsonObject(file('{"a":1}'), { warn: (m) => warnings.push(m) }), { a: 1 });
  assert.equal(await readJsonObject(file('[]'), { warn: (m) => warnings.push(m) }), undefined);
  assert.deepEqual(warnings, ['app/package-lock.json: not a JSON object']);
});
