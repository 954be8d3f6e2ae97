import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultDbPath } from '../src/paths.ts';

test('VIGIL_DB wins', () => {
  assert.equal(defaultDbPath({ VIGIL_DB: '/srv/v.sqlite', XDG_CACHE_HOME: '/c', HOME: '/h' }), '/srv/v.sqlite');
});

test('XDG_CACHE_HOME, then ~/.cache', () => {
  assert.equal(defaultDbPath({ XDG_CACHE_HOME: '/c', HOME: '/h' }), '/c/vigil/vulndb.sqlite');
  assert.equal(defaultDbPath({ HOME: '/h' }), '/h/.cache/vigil/vulndb.sqlite');
  assert.equal(defaultDbPath({ XDG_CACHE_HOME: '', HOME: '/h' }), '/h/.cache/vigil/vulndb.sqlite');
});
