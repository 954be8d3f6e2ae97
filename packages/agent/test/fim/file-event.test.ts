import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEvent } from '@vigil/schema';
import { attributeChanges, contentChanged, fileEvent } from '../../src/fim/file-event.ts';
import type { FileState } from '../../src/fim/file-state.ts';

const base: FileState = {
  path: '/etc/passwd',
  type: 'file',
  mode: 0o644,
  uid: 0,
  gid: 0,
  size: 10,
  mtimeNs: '1000',
  ctimeNs: '1000',
  ino: '42',
  dev: '2049',
  sha256: 'a'.repeat(64),
  partial: false,
};

test('attribute changes are told apart and ordered modify, chmod, chown', () => {
  assert.deepEqual(attributeChanges(base, { ...base, mtimeNs: '2000' }), []);
  assert.deepEqual(attributeChanges(base, { ...base, sha256: 'b'.repeat(64), mode: 0o600, uid: 1 }), ['modify', 'chmod', 'chown']);
  assert.deepEqual(attributeChanges(base, { ...base, gid: 5 }), ['chown']);
});

test('a partial hash cannot vouch for the content: a new mtime counts as a change', () => {
  const big = { ...base, partial: true };
  assert.equal(contentChanged(big, { ...big, mtimeNs: '2000' }), true);
  assert.equal(contentChanged(base, { ...base, mtimeNs: '2000' }), false);
});

test('events validate against the shared schema and carry old and new facts', () => {
  const cur = { ...base, path: '/etc/passwd.new', mode: 0o600, sha256: 'c'.repeat(64) };
  const host = { id: 'h1', name: 'web-1' };
  const rename = parseEvent(fileEvent({ action: 'rename', sensor: 'inotify', current: cur, previous: base }, host), 'rename');
  assert.equal(rename.event.kind, 'file.change');
  assert.equal(rename.file?.old_path, '/etc/passwd');
  assert.equal(rename.file?.hash?.sha256, 'c'.repeat(64));
  assert.equal(rename.file?.old_hash?.sha256, 'a'.repeat(64));
  const chmod = parseEvent(fileEvent({ action: 'chmod', sensor: 'fim-scan', current: cur, previous: base }, host), 'chmod');
  assert.equal(chmod.labels?.['file.old_mode'], '0644');
  assert.equal(chmod.file?.mode, '0600');
  assert.equal(chmod.file?.old_path, undefined);
  const del = parseEvent(fileEvent({ action: 'delete', sensor: 'inotify', previous: base }, host), 'delete');
  assert.equal(del.file?.path, '/etc/passwd');
  assert.equal(del.file?.hash, undefined);
  assert.equal(del.file?.old_hash?.sha256, 'a'.repeat(64));
  const partial = fileEvent({ action: 'create', sensor: 'inotify', current: { ...base, partial: true } }, host);
  assert.equal(partial.labels?.['file.hash_partial'], 'true');
});
