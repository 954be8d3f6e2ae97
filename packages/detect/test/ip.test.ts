import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cidrContains, parseCidr, parseIp } from '../src/ip.ts';

const inNet = (net: string, ip: string) => cidrContains(parseCidr(net)!, parseIp(ip)!);

test('IPv4 and IPv6 networks contain their addresses and no others', () => {
  assert.ok(inNet('10.0.0.0/8', '10.200.3.4'));
  assert.ok(!inNet('10.0.0.0/8', '11.0.0.1'));
  assert.ok(inNet('169.254.169.254', '169.254.169.254'));
  assert.ok(inNet('fc00::/7', 'fd12:3456::1'));
  assert.ok(!inNet('fc00::/7', 'fe80::1'));
  assert.ok(inNet('0.0.0.0/0', '8.8.8.8'));
  assert.ok(!inNet('10.0.0.0/8', '::1'), 'families never mix');
});

test('IPv4-mapped IPv6 compares as IPv4; brackets and zones are dropped', () => {
  assert.ok(inNet('127.0.0.0/8', '::ffff:127.0.0.1'));
  assert.ok(inNet('::1/128', '[::1]'));
  assert.ok(inNet('fe80::/10', 'fe80::1%eth0'));
});

test('not addresses: undefined', () => {
  for (const s of ['', '1.2.3', '256.1.1.1', 'a::b::c', 'host', '1:2:3:4:5:6:7:8:9']) assert.equal(parseIp(s), undefined, s);
  assert.equal(parseCidr('10.0.0.0/33'), undefined);
});
