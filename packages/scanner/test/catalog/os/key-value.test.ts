import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKeyValue } from '../../../src/catalog/os/key-value.ts';

test('quoting and escapes follow os-release(5), i.e. shell rules', () => {
  const f = parseKeyValue(
    [
      'DOUBLE="a \\"b\\" \\$c \\\\ \\`d\\` \\x"',
      "SINGLE='no \\\"escapes\\\" $here'",
      'PLAIN=plain\\ word',
      'MIXED="con"cat\'ed\'',
      'EMPTY=',
      'TRAILING="kept" # and a comment',
    ].join('\n'),
  );
  assert.deepEqual(Object.fromEntries(f), {
    DOUBLE: 'a "b" $c \\ `d` \\x',
    SINGLE: 'no \\"escapes\\" $here',
    PLAIN: 'plain word',
    MIXED: 'concated',
    EMPTY: '',
    TRAILING: 'kept',
  });
});

test('comments, blank lines, CRLF and lines that are not assignments are ignored', () => {
  const f = parseKeyValue('# ID=commented\r\n\r\nID=debian\r\nnot an assignment\r\n  SPACED = no\r\nOPEN="unterminated\r\n1BAD=x\r\n');
  assert.deepEqual(Object.fromEntries(f), { ID: 'debian' });
});
