import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseEntryPath, resolveLinkTarget, whiteoutOf } from '../../src/source/entry-path.ts';

test('entry names are normalised to relative POSIX paths', () => {
  assert.equal(normaliseEntryPath('./usr//lib/./os-release'), 'usr/lib/os-release');
  assert.equal(normaliseEntryPath('etc/'), 'etc');
  assert.equal(normaliseEntryPath('a/b/../c'), 'a/c');
  assert.equal(normaliseEntryPath('./'), '');
});

test('absolute names and names escaping the root are refused', () => {
  assert.equal(normaliseEntryPath('/etc/passwd'), undefined);
  assert.equal(normaliseEntryPath('../etc/passwd'), undefined);
  assert.equal(normaliseEntryPath('a/../../etc/passwd'), undefined);
});

test('link targets resolve relative to the link, and never leave the tree', () => {
  assert.equal(resolveLinkTarget('abc/layer.tar', '../blobs/sha256/ff'), 'blobs/sha256/ff');
  assert.equal(resolveLinkTarget('top', 'other'), 'other');
  assert.equal(resolveLinkTarget('abc/layer.tar', '../../etc/shadow'), undefined);
  assert.equal(resolveLinkTarget('abc/layer.tar', '/etc/shadow'), undefined);
});

test('whiteouts and opaque markers are recognised; AUFS bookkeeping is neither', () => {
  assert.deepEqual(whiteoutOf('etc/apt/.wh.sources.list'), { kind: 'whiteout', path: 'etc/apt/sources.list' });
  assert.deepEqual(whiteoutOf('.wh.tmp'), { kind: 'whiteout', path: 'tmp' });
  assert.deepEqual(whiteoutOf('var/cache/.wh..wh..opq'), { kind: 'opaque', dir: 'var/cache' });
  assert.deepEqual(whiteoutOf('.wh..wh..opq'), { kind: 'opaque', dir: '' });
  assert.deepEqual(whiteoutOf('.wh..wh.plnk'), { kind: 'meta' });
  assert.equal(whiteoutOf('etc/os-release'), undefined);
  assert.equal(whiteoutOf('etc/x.wh.y'), undefined);
});
