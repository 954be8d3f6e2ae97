import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSize } from '../../src/limits/size.ts';

describe('parseSize', () => {
  it('reads bytes and binary units', () => {
    assert.equal(parseSize('65536'), 65536);
    assert.equal(parseSize('512M'), 512 * 1024 ** 2);
    assert.equal(parseSize('1.5G'), 1.5 * 1024 ** 3);
    assert.equal(parseSize('64KiB'), 64 * 1024);
    assert.equal(parseSize('2gb'), 2 * 1024 ** 3);
  });
  it('refuses what is not a positive size', () => {
    for (const bad of ['', 'lots', '-1M', '0', '12Q', 'M']) assert.equal(parseSize(bad), undefined, bad);
  });
});
