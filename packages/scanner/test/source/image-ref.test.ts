import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refMatches } from '../../src/source/image-ref.ts';

test('references match once Docker defaults are filled in', () => {
  assert.ok(refMatches('alpine:latest', 'alpine'));
  assert.ok(refMatches('docker.io/library/alpine:3.19', 'alpine:3.19'));
  assert.ok(refMatches('ghcr.io/acme/app:1.2', 'ghcr.io/acme/app:1.2'));
  assert.ok(refMatches('localhost:5000/app:dev', 'localhost:5000/app:dev'));
  assert.ok(!refMatches('alpine:3.18', 'alpine:3.19'));
  assert.ok(!refMatches('ghcr.io/acme/app:1.2', 'acme/app:1.2'));
  assert.ok(!refMatches('localhost:5000/app:dev', 'app:dev'));
});

test('a bare tag matches any name with that tag', () => {
  assert.ok(refMatches('registry.example.com/team/app:1.4.2', '1.4.2'));
  assert.ok(refMatches('1.4.2', '1.4.2'));
  assert.ok(!refMatches('app:1.4.3', '1.4.2'));
});
