import { test } from 'node:test';
import assert from 'node:assert/strict';
import { skipDirMatcher } from '../src/skip-dirs.ts';

test('skip-dirs matches files below the directory however the user wrote it', () => {
  for (const spelling of ['usr/share/doc', '/usr/share/doc', './usr/share/doc/', 'usr/share/doc/']) {
    const skip = skipDirMatcher([spelling]);
    assert.equal(skip('usr/share/doc/x/copyright'), true, spelling);
    assert.equal(skip('usr/share/docs/x'), false, spelling);
    assert.equal(skip('usr/share/doc'), false, `${spelling}: a file named like the dir is not under it`);
  }
});

test('skip-dirs supports * within a segment and ** across segments', () => {
  const skip = skipDirMatcher(['**/testdata', 'app/*/cache']);
  assert.equal(skip('testdata/go.mod'), true);
  assert.equal(skip('src/pkg/testdata/package-lock.json'), true);
  assert.equal(skip('src/testdatax/go.mod'), false);
  assert.equal(skip('app/web/cache/x.json'), true);
  assert.equal(skip('app/web/sub/cache/x.json'), false);
});

test('no skip-dirs skips nothing, and regex metacharacters in names are literal', () => {
  assert.equal(skipDirMatcher([])('anything/at/all'), false);
  const skip = skipDirMatcher(['a+b (1)']);
  assert.equal(skip('a+b (1)/f'), true);
  assert.equal(skip('aab (1)/f'), false);
});
