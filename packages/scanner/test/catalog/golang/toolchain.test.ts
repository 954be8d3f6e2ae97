import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stdlibVersion } from '../../../src/catalog/golang/toolchain.ts';

test('release names become semantic versions', () => {
  assert.equal(stdlibVersion('go1.21.5'), 'v1.21.5');
  assert.equal(stdlibVersion('go1.20'), 'v1.20.0');
  assert.equal(stdlibVersion('go1'), 'v1.0.0');
  assert.equal(stdlibVersion('go1.21rc2'), 'v1.21.0-rc.2');
  assert.equal(stdlibVersion('go1.9beta1'), 'v1.9.0-beta.1');
  assert.equal(stdlibVersion('go1.22.3rc1'), 'v1.22.3-rc.1');
});

test('experiment and vendor suffixes do not change the stdlib version', () => {
  assert.equal(stdlibVersion('go1.22.0 X:boringcrypto'), 'v1.22.0');
  assert.equal(stdlibVersion('go1.20.12 X:strictfipsruntime'), 'v1.20.12');
});

test('development toolchains and unknown strings have no release version', () => {
  assert.equal(stdlibVersion('devel go1.23-e8ee1dc4f9 Tue Feb 6 20:06:30 2024 +0000'), undefined);
  assert.equal(stdlibVersion(''), undefined);
  assert.equal(stdlibVersion('gccgo'), undefined);
  assert.equal(stdlibVersion('go1.2x'), undefined);
});
