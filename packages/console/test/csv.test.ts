import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv } from '../app/csv.ts';

test('CSV quotes fields with commas, quotes and line breaks, and leaves the rest alone', () => {
  assert.equal(toCsv(['a', 'b'], [['x', 'y,z'], ['say "hi"', 'two\nlines'], [null, 3]]), 'a,b\r\nx,"y,z"\r\n"say ""hi""","two\nlines"\r\n,3\r\n');
});
