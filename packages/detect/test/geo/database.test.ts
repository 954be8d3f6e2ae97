import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGeoCsv } from '../../src/geo/csv.ts';
import { GeoDatabase } from '../../src/geo/database.ts';
import { distanceKm } from '../../src/geo/distance.ts';

const csv = [
  'network,latitude,longitude',
  '198.51.100.0/24,3,3',
  '192.0.2.0/25,1,1',
  '192.0.2.128/26,2,2',
  '203.0.113.255/32,4,4',
  '10.0.0.0/8,5,5',
  '2001:db8:1::/48,6,6',
  '2001:db8::/48,7,7',
  '::ffff:0:0/96,8,8',
].join('\n');
const db = GeoDatabase.of(parseGeoCsv(csv, 't.csv'));
const lat = (ip: string) => db.locate(ip)?.latitude;

test('geo database: each address finds the network holding it, first and last address included', () => {
  assert.deepEqual(['192.0.2.0', '192.0.2.127', '192.0.2.128', '192.0.2.191', '198.51.100.0', '198.51.100.255', '203.0.113.255'].map(lat), [1, 1, 2, 2, 3, 3, 4]);
  assert.deepEqual(['2001:db8::', '2001:db8:0:ffff:ffff:ffff:ffff:ffff', '2001:db8:1::1', '[2001:db8:1::2]'].map(lat), [7, 7, 6, 6]);
});

test('geo database: gaps, the other family and non-addresses are not located', () => {
  assert.deepEqual(['192.0.2.192', '192.0.2.255', '198.51.99.255', '198.51.101.0', '203.0.113.254', '0.0.0.1', '255.255.255.255', '2001:db8:2::', '2001:db7::', 'nope', ''].map(lat), Array(11).fill(undefined));
});

test('geo database: IPv4-mapped IPv6 addresses are looked up as IPv4', () => {
  assert.equal(lat('::ffff:198.51.100.9'), 3);
});

test('geo database: private, loopback and link-local addresses are never located, even when listed', () => {
  assert.deepEqual(['10.1.2.3', '127.0.0.1', '192.168.1.1', '169.254.1.1', '100.64.0.1', '::1', 'fd00::1', 'fe80::1'].map(lat), Array(8).fill(undefined));
});

test('great-circle distance: known city pairs within 1%, symmetric, zero for one place', () => {
  const berlin = { latitude: 52.52, longitude: 13.405 };
  const shanghai = { latitude: 31.2304, longitude: 121.4737 };
  const sydney = { latitude: -33.8688, longitude: 151.2093 };
  const near = (got: number, want: number) => assert.ok(Math.abs(got - want) / want < 0.01, `${got} vs ${want}`);
  near(distanceKm(berlin, shanghai), 8400);
  near(distanceKm(shanghai, sydney), 7880);
  assert.equal(distanceKm(berlin, shanghai), distanceKm(shanghai, berlin));
  assert.equal(distanceKm(berlin, berlin), 0);
  near(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 }), 20015);
});
