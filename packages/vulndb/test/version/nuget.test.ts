import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nugetComparator as nuget } from '../../src/version/nuget.ts';
import { testCorpusFiles } from './corpus-assertions.ts';

testCorpusFiles('nuget', nuget);

test('four numeric parts, missing ones are zero', () => {
  assert.equal(nuget.compare('4.7', '4.7.0.0'), 0);
  assert.ok(nuget.compare('4.7.0.1', '4.7.1') < 0);
  assert.ok(nuget.compare('4.7.0-preview1', '4.7') < 0);
});

test('labels compare case-insensitively and metadata is ignored', () => {
  assert.equal(nuget.compare('6.0.0-RC.1+sha.abc', '6.0.0-rc.1'), 0);
  assert.ok(nuget.compare('6.0.0-rc.2', '6.0.0-rc.10') < 0);
  assert.ok(nuget.compare('6.0.0-rc.2', '6.0.0-rc.a') < 0);
});

test('valid follows NuGet.Versioning', () => {
  for (const v of ['1.0', '13.0.3', '1.2.3.4-beta.1+meta']) assert.ok(nuget.valid(v), v);
  for (const v of ['', '1.2.3.4.5', 'v1.0', '1.0-', '[1.0,2.0)']) assert.ok(!nuget.valid(v), v);
});
