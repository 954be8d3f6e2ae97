import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isUserError } from '@vigil/schema';
import { parseGeoCsv, readGeoCsv } from '../../src/geo/csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-geo-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** GeoLite2-City-Blocks layout; the other columns are read past. */
const HEADER = 'network,geoname_id,registered_country_geoname_id,represented_country_geoname_id,is_anonymous_proxy,is_satellite_provider,postal_code,latitude,longitude,accuracy_radius,is_anycast';

function userError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isUserError(err), String(err));
    assert.doesNotMatch(err.message, /\n/, 'one line');
    return err.message;
  }
  assert.fail('expected a UserError');
}

test('geo csv: IPv4 and IPv6 networks with their coordinates, any column order, quoted cells, CRLF', () => {
  const v4 = parseGeoCsv(`${HEADER}\r\n192.0.2.0/24,2950159,2921044,,0,0,"10115",52.5200,13.4050,20,\r\n`, 'v4.csv');
  assert.equal(v4.length, 1);
  assert.deepEqual([v4[0].network.v6, v4[0].network.bits, v4[0].latitude, v4[0].longitude, v4[0].file, v4[0].line], [false, 24, 52.52, 13.405, 'v4.csv', 2]);
  const v6 = parseGeoCsv('latitude,longitude,network\n"31.2222","121.4581","2001:db8::/32"\n', 'v6.csv');
  assert.deepEqual([v6[0].network.v6, v6[0].network.bits, v6[0].latitude, v6[0].longitude], [true, 32, 31.2222, 121.4581]);
});

test('geo csv: networks without coordinates are left out', () => {
  assert.deepEqual(parseGeoCsv(`${HEADER}\n192.0.2.0/24,,,,0,1,,,,,\n`, 'f.csv'), []);
});

test('geo csv: a bad header, network or point is one line naming file:line', () => {
  assert.match(userError(() => parseGeoCsv('ip,lat,lon\n', 'f.csv')), /^f\.csv:1: .*lacks network, latitude, longitude/);
  assert.match(userError(() => parseGeoCsv('network,latitude,longitude\n192.0.2.0/24,1,2\n192.0.2/24,1,2\n', 'f.csv')), /^f\.csv:3: network "192\.0\.2\/24" is not a CIDR block/);
  assert.match(userError(() => parseGeoCsv('network,latitude,longitude\n192.0.2.7,1,2\n', 'f.csv')), /^f\.csv:2: .*not a CIDR block/);
  assert.match(userError(() => parseGeoCsv('network,latitude,longitude\n192.0.2.0/24,95,2\n', 'f.csv')), /^f\.csv:2: latitude "95"/);
  assert.match(userError(() => parseGeoCsv('network,latitude,longitude\n192.0.2.0/24,north,2\n', 'f.csv')), /^f\.csv:2: /);
  assert.match(userError(() => parseGeoCsv('network,latitude,longitude\n192.0.2.0/24,1,\n', 'f.csv')), /^f\.csv:2: /);
});

test('geo csv: files are read together; overlapping networks, an unreadable or empty file are errors', () => {
  const a = join(dir, 'a.csv');
  const b = join(dir, 'b.csv');
  writeFileSync(a, 'network,latitude,longitude\n192.0.2.0/24,52.52,13.40\n');
  writeFileSync(b, 'network,latitude,longitude\n2001:db8::/32,31.23,121.47\n');
  const db = readGeoCsv([a, b]);
  assert.equal(db.size, 2);
  assert.equal(db.locate('2001:db8::1')?.latitude, 31.23);
  const overlap = join(dir, 'overlap.csv');
  writeFileSync(overlap, 'network,latitude,longitude\n192.0.2.128/25,1,1\n');
  assert.match(userError(() => readGeoCsv([a, overlap])), /overlap\.csv:2: network overlaps the one at .*a\.csv:2/);
  assert.match(userError(() => readGeoCsv([join(dir, 'missing.csv')])), /missing\.csv: cannot read/);
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, 'network,latitude,longitude\n');
  assert.match(userError(() => readGeoCsv([empty])), /no network with a latitude and longitude/);
});
