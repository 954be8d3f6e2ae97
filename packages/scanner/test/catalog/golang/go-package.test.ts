import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEVEL_VERSION, goPackage, goPurl, isLocalPath } from '../../../src/catalog/golang/go-package.ts';

test('purls split the module path at its last slash and omit (devel)', () => {
  assert.equal(goPurl('github.com/BurntSushi/toml', 'v1.2.3'), 'pkg:golang/github.com/BurntSushi/toml@v1.2.3');
  assert.equal(goPurl('stdlib', 'v1.21.5', 'amd64'), 'pkg:golang/stdlib@v1.21.5?arch=amd64');
  assert.equal(goPurl('example.com/app', DEVEL_VERSION), 'pkg:golang/example.com/app');
});

test('local replacement targets are directories', () => {
  for (const p of ['./fork', '../lib', '..', '.', '/abs/path', 'C:\\src\\x', '.\\win']) assert.ok(isLocalPath(p), p);
  for (const p of ['example.com/fork', 'github.com/a/b', '.hidden.example/x']) assert.ok(!isLocalPath(p), p);
});

test('packages carry the Go ecosystem, location and only the facts given', () => {
  const pkg = goPackage({ path: 'golang.org/x/text', version: 'v0.3.6', indirect: true, metadata: {} }, { path: 'src/go.mod', layer: 'sha256:1' });
  assert.deepEqual(pkg, {
    name: 'golang.org/x/text',
    version: 'v0.3.6',
    type: 'golang',
    ecosystem: 'Go',
    purl: 'pkg:golang/golang.org/x/text@v0.3.6',
    indirect: true,
    locations: [{ path: 'src/go.mod', layer: 'sha256:1' }],
  });
});
