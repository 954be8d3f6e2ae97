import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyLayers } from '../src/layers.ts';

const results = (entries: Record<string, string>) => new Map(Object.entries(entries));

test('a later layer replaces a file at the same path and records where it came from', () => {
  const out = applyLayers(
    [
      { key: 'l1', whiteouts: [], opaqueDirs: [] },
      { key: 'l2', whiteouts: [], opaqueDirs: [] },
    ],
    new Map([
      ['l1', results({ 'var/lib/dpkg/status': 'old', 'etc/os-release': 'deb' })],
      ['l2', results({ 'var/lib/dpkg/status': 'new' })],
    ]),
  );
  const byPath = Object.fromEntries(out.map((r) => [r.path, `${r.layerKey}:${r.result}`]));
  assert.deepEqual(byPath, { 'var/lib/dpkg/status': 'l2:new', 'etc/os-release': 'l1:deb' });
});

test('a whiteout deletes the file and everything under a deleted directory, but not siblings sharing a prefix', () => {
  const out = applyLayers(
    [
      { key: 'l1', whiteouts: [], opaqueDirs: [] },
      { key: 'l2', whiteouts: ['app/node_modules', 'app/a.json'], opaqueDirs: [] },
    ],
    new Map([
      [
        'l1',
        results({
          'app/node_modules/x/package.json': 'x',
          'app/node_modules/@s/y/package.json': 'y',
          'app/node_modules2/z/package.json': 'z',
          'app/a.json': 'a',
          'app/a.json5': 'a5',
        }),
      ],
    ]),
  );
  assert.deepEqual(out.map((r) => r.path).sort(), ['app/a.json5', 'app/node_modules2/z/package.json']);
});

test('an opaque dir hides earlier content but keeps what the same layer adds', () => {
  const out = applyLayers(
    [
      { key: 'l1', whiteouts: [], opaqueDirs: [] },
      { key: 'l2', whiteouts: [], opaqueDirs: ['srv'] },
    ],
    new Map([
      ['l1', results({ 'srv/old/Cargo.lock': 'old', 'srv': 'dir-file-edge' })],
      ['l2', results({ 'srv/new/Cargo.lock': 'new' })],
    ]),
  );
  // The opaque marker hides the directory's children, not an entry named exactly like the dir.
  assert.deepEqual(out.map((r) => `${r.layerKey}:${r.path}`).sort(), ['l1:srv', 'l2:srv/new/Cargo.lock']);
});

test('a file deleted in one layer and re-added in a later one is visible again', () => {
  const out = applyLayers(
    [
      { key: 'l1', whiteouts: [], opaqueDirs: [] },
      { key: 'l2', whiteouts: ['go.mod'], opaqueDirs: [] },
      { key: 'l3', whiteouts: [], opaqueDirs: [] },
    ],
    new Map([
      ['l1', results({ 'go.mod': 'v1' })],
      ['l3', results({ 'go.mod': 'v3' })],
    ]),
  );
  assert.deepEqual(out, [{ path: 'go.mod', layerKey: 'l3', result: 'v3' }]);
});
