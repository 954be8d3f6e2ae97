import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePurl, purlCovers } from '../../src/vex/purl-match.ts';

function covers(statement: string, pkg: string): boolean {
  return purlCovers(parsePurl(statement)!, parsePurl(pkg)!);
}

test('a statement purl without version or qualifiers covers every build of the package', () => {
  const pkg = 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12';
  assert.ok(covers('pkg:deb/debian/openssl', pkg));
  assert.ok(covers('pkg:deb/debian/openssl@3.0.11-1~deb12u2', pkg));
  assert.ok(covers('pkg:deb/debian/openssl?arch=amd64', pkg));
});

test('what the statement does give must agree', () => {
  const pkg = 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12';
  assert.ok(!covers('pkg:deb/debian/openssl@3.0.13-1~deb12u1', pkg));
  assert.ok(!covers('pkg:deb/debian/openssl?arch=arm64', pkg));
  assert.ok(!covers('pkg:deb/ubuntu/openssl', pkg));
  assert.ok(!covers('pkg:rpm/debian/openssl', pkg));
  assert.ok(!covers('pkg:deb/debian/libssl3', pkg));
  assert.ok(!covers('pkg:npm/openssl', 'pkg:npm/%40scope/openssl@1.0.0'));
});

test('purl normalisation: percent-encoding and case rules of the type', () => {
  assert.ok(covers('pkg:npm/%40babel/core@7.0.0', 'pkg:npm/@babel/core@7.0.0'));
  assert.ok(covers('pkg:pypi/Django', 'pkg:pypi/django@4.2.0'));
  assert.ok(covers('pkg:golang/github.com/docker/distribution@v2.7.1%2Bincompatible', 'pkg:golang/github.com/docker/distribution@v2.7.1+incompatible'));
});

test('unparseable purls do not parse', () => {
  assert.equal(parsePurl('not a purl'), undefined);
  assert.equal(parsePurl('pkg:'), undefined);
});
