import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectFileName } from '../../../src/catalog/python/project-file.ts';

test('file name of a project file; none inside installed package trees', () => {
  assert.equal(projectFileName('app/poetry.lock'), 'poetry.lock');
  assert.equal(projectFileName('uv.lock'), 'uv.lock');
  assert.equal(projectFileName('usr/lib/python3/dist-packages/x/requirements.txt'), undefined);
  assert.equal(projectFileName('venv/lib/python3.12/site-packages/y/uv.lock'), undefined);
  assert.equal(projectFileName('web/node_modules/z/requirements.txt'), undefined);
});
