import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStanzas } from '../../../src/catalog/os/deb822.ts';

test('stanzas split on blank lines; continuation lines join their field', () => {
  const text = [
    'Package: a',
    'Description: short',
    ' long line one',
    '\tlong line two',
    '',
    '',
    'package: b',
    'VERSION: 1:2.0-1',
    '   ',
    'Package: c',
  ].join('\r\n');
  const stanzas = parseStanzas(text);
  assert.deepEqual(
    stanzas.map((s) => Object.fromEntries(s.fields)),
    [
      { package: 'a', description: 'short\nlong line one\nlong line two' },
      { package: 'b', version: '1:2.0-1' },
      { package: 'c' },
    ],
  );
  assert.ok(stanzas.every((s) => !s.malformed));
});

test('values keep their inner colons and lose surrounding space', () => {
  const [s] = parseStanzas('Homepage:   https://example.org:8080/x  \nDepends: libc6 (>= 2.34)');
  assert.equal(s.fields.get('homepage'), 'https://example.org:8080/x');
  assert.equal(s.fields.get('depends'), 'libc6 (>= 2.34)');
});

test('lines that are neither fields nor continuations mark the stanza malformed', () => {
  const stanzas = parseStanzas('Package: ok\n\n continuation with no field\nPackage: x\n\nasdf\n# a comment\nPackage: y');
  assert.deepEqual(stanzas.map((s) => s.malformed), [false, true, true]);
  assert.equal(stanzas[2].fields.get('package'), 'y');
});
