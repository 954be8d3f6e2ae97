import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUserError } from '@vigil/schema';
import { parseSize } from '../src/size.ts';

test('sizes accept plain bytes and binary units, case-insensitively', () => {
  assert.equal(parseSize('1048576', '--x'), 1048576);
  assert.equal(parseSize('512MB', '--x'), 512 * 1024 ** 2);
  assert.equal(parseSize('2g', '--x'), 2 * 1024 ** 3);
  assert.equal(parseSize('1.5KiB', '--x'), 1536);
});

test('garbage, unknown units and zero are user errors naming the flag', () => {
  for (const bad of ['lots', '10 parsecs', '0', '-5MB', '']) {
    assert.throws(() => parseSize(bad, '--max-file-size'), (e) => isUserError(e) && /--max-file-size/.test(e.message), bad);
  }
});
