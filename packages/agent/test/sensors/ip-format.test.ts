import assert from 'node:assert/strict';
import { isIPv6 } from 'node:net';
import { describe, it } from 'node:test';
import { formatIpv4, formatIpv6 } from '../../src/sensors/ip-format.ts';

function v6(groups: number[]): Uint8Array {
  const b = new Uint8Array(16);
  groups.forEach((g, i) => ((b[2 * i] = g >> 8), (b[2 * i + 1] = g & 0xff)));
  return b;
}

describe('formatIpv6 (RFC 5952)', () => {
  const cases: Array<[number[], string]> = [
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], '2001:db8::1'],
    [[0x2001, 0xdb8, 0, 1, 0, 0, 0, 1], '2001:db8:0:1::1'], // the longer zero run is compressed
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'], // equal runs: the first
    [[0x2001, 0xdb8, 1, 0, 1, 1, 1, 1], '2001:db8:1:0:1:1:1:1'], // a single zero group stays
    [[0xfe80, 0, 0, 0, 0, 0, 0, 0], 'fe80::'],
  ];
  for (const [groups, text] of cases) {
    it(text, () => {
      assert.equal(formatIpv6(v6(groups)), text);
      assert.ok(isIPv6(text));
    });
  }

  it('prints IPv4-mapped addresses dotted', () => {
    assert.equal(formatIpv6(v6([0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0109])), '::ffff:192.168.1.9');
  });
});

describe('formatIpv4', () => {
  it('prints dotted quads', () => assert.equal(formatIpv4(new Uint8Array([127, 0, 0, 1])), '127.0.0.1'));
});
