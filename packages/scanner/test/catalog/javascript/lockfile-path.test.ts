import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isProjectLockfile } from '../../../src/catalog/javascript/lockfile-path.ts';

test('a project lockfile is matched by exact name anywhere outside node_modules', () => {
  assert.equal(isProjectLockfile('yarn.lock', 'yarn.lock'), true);
  assert.equal(isProjectLockfile('srv/app/yarn.lock', 'yarn.lock'), true);
  assert.equal(isProjectLockfile('srv/app/my-yarn.lock', 'yarn.lock'), false);
  assert.equal(isProjectLockfile('srv/node_modules/pkg/yarn.lock', 'yarn.lock'), false);
  assert.equal(isProjectLockfile('srv/node_modules_backup/yarn.lock', 'yarn.lock'), true);
});
