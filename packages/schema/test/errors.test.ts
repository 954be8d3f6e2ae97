import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError, isUserError } from '../src/index.ts';

test('UserError carries a code and a non-zero exit code; other errors are not user errors', () => {
  const e = new UserError('no such file: x', 'ENOENT');
  assert.equal(isUserError(e), true);
  assert.equal(e.code, 'ENOENT');
  assert.ok(e.exitCode > 0);
  assert.equal(isUserError(new Error('bug')), false);
});
