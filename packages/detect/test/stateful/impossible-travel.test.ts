import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { Engine } from '../../src/engine.ts';
import { parseGeoCsv } from '../../src/geo/csv.ts';
import { GeoDatabase } from '../../src/geo/database.ts';
import { geoWarning } from '../../src/stateful/impossible-travel.ts';
import { loadVigilRules } from '../../src/vigil/loader.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 0, 1);

// Documentation ranges placed in Berlin, Shanghai, Frankfurt (~420 km from Berlin) and Warsaw (~520 km).
const BERLIN = '192.0.2.10';
const SHANGHAI = '198.51.100.7';
const FRANKFURT = '203.0.113.5';
const WARSAW = '2001:db8::9';
const geo = GeoDatabase.of(
  parseGeoCsv('network,latitude,longitude\n192.0.2.0/24,52.52,13.405\n198.51.100.0/24,31.2304,121.4737\n203.0.113.0/24,50.1109,8.6821\n2001:db8::/32,52.2297,21.0122\n10.0.0.0/8,0,0\n', 'geo.csv'),
);

const RULE = `
- rule: test.auth.travel
  title: {en: "Travel", zh: "旅行"}
  description: {en: "Travel", zh: "旅行"}
  severity: medium
  type: impossible_travel
  kinds: [auth.login]
  condition: event.outcome = success
  key: [user.name]
`;

function load(extra = '') {
  const loaded = loadVigilRules([{ path: 'r.yaml', text: RULE + extra }]);
  return loaded;
}
function build(extra = '', db: GeoDatabase | undefined = geo) {
  const loaded = load(extra);
  assert.deepEqual(loaded.errors, []);
  return Engine.build(loaded.rules, { geo: db }).engine;
}
const login = (ms: number, ip: string, user = 'alice', outcome: 'success' | 'failure' = 'success', host = 'h1'): VigilEvent => ({
  time: new Date(T0 + ms).toISOString(), event: { kind: 'auth.login', outcome }, host: { id: host }, source: { ip }, user: { name: user },
});
const alerts = (engine: Engine, events: VigilEvent[]) => events.flatMap((e) => engine.process(e));

test('impossible_travel: two logins of one user from far-apart places minutes apart raise, with both logins', () => {
  const raised = alerts(build(), [login(0, BERLIN), login(30 * MIN, SHANGHAI)]);
  assert.equal(raised.length, 1);
  assert.deepEqual(raised[0].events.map((e) => e.source?.ip), [BERLIN, SHANGHAI]);
  assert.equal(raised[0].rule.id, 'test.auth.travel');
});

test('impossible_travel: travel slower than max_speed_kmh does not raise; a lower max_speed_kmh makes it raise', () => {
  // Berlin–Shanghai is ~8,400 km: 10 h is 840 km/h.
  assert.equal(alerts(build(), [login(0, BERLIN), login(10 * HOUR, SHANGHAI)]).length, 0);
  assert.equal(alerts(build('  max_speed_kmh: 500'), [login(0, BERLIN), login(10 * HOUR, SHANGHAI)]).length, 1);
});

test('impossible_travel: hops under min_distance_km never raise, however fast', () => {
  assert.equal(alerts(build(), [login(0, BERLIN), login(MIN, FRANKFURT)]).length, 0);
  assert.equal(alerts(build(), [login(0, BERLIN), login(MIN, WARSAW)]).length, 1, 'IPv6 source ~520 km away');
  assert.equal(alerts(build('  min_distance_km: 600'), [login(0, BERLIN), login(MIN, WARSAW)]).length, 0);
});

test('impossible_travel: private, unknown and absent addresses are passed over and do not replace the last location', () => {
  const engine = build();
  assert.equal(alerts(engine, [login(0, BERLIN), login(MIN, '10.0.0.5'), login(2 * MIN, '198.18.0.1'), login(3 * MIN, 'not-an-ip')]).length, 0);
  assert.equal(alerts(engine, [login(4 * MIN, SHANGHAI)]).length, 1, 'still compared with Berlin');
});

test('impossible_travel: failed logins (the condition) and other users or hosts are kept apart', () => {
  assert.equal(alerts(build(), [login(0, BERLIN), login(MIN, SHANGHAI, 'alice', 'failure')]).length, 0);
  assert.equal(alerts(build(), [login(0, BERLIN), login(MIN, SHANGHAI, 'bob')]).length, 0);
  assert.equal(alerts(build(), [login(0, BERLIN), login(MIN, SHANGHAI, 'alice', 'success', 'h2')]).length, 0);
});

test('impossible_travel: each login is compared with the one before it, and a login is forgotten once any trip was possible', () => {
  const engine = build();
  assert.equal(alerts(engine, [login(0, BERLIN), login(MIN, SHANGHAI), login(2 * MIN, SHANGHAI)]).length, 1);
  assert.equal(alerts(engine, [login(3 * MIN, BERLIN)]).length, 1, 'back again');
  assert.equal(engine.stats()[0].keys, 1);
  engine.flush(T0 + 21 * HOUR);
  assert.equal(engine.stats()[0].keys, 0, 'half the circumference at 1,000 km/h is ~20 h');
});

test('impossible_travel: keys are bounded by max_keys', () => {
  const engine = build('  max_keys: 2');
  alerts(engine, [login(0, BERLIN, 'a'), login(0, BERLIN, 'b'), login(0, BERLIN, 'c')]);
  assert.deepEqual(engine.stats()[0], { rule: 'test.auth.travel', keys: 2, evicted: 1 });
  assert.equal(alerts(engine, [login(MIN, SHANGHAI, 'a')]).length, 0, 'a was evicted');
});

test('impossible_travel: without a geo database the rule loads, never raises, and one warning says why', () => {
  const loaded = load();
  const { engine, compiled, skipped } = Engine.build(loaded.rules);
  assert.deepEqual([compiled.length, skipped.length], [1, 0]);
  assert.equal(alerts(engine, [login(0, BERLIN), login(MIN, SHANGHAI)]).length, 0);
  assert.match(geoWarning(compiled, undefined)!, /^test\.auth\.travel: inactive, .*--geoip FILE/);
  assert.equal(geoWarning(compiled, geo), undefined);
  assert.equal(geoWarning([{ ...compiled[0], enabled: false }], undefined), undefined);
});

test('impossible_travel: bad options are load errors with their line', () => {
  const errors = load('  max_speed_kmh: fast\n  min_distance_km: -1\n  source: no.such.field\n  within: 1h\n').errors.join('\n');
  assert.match(errors, /r\.yaml:\d+: rule test\.auth\.travel: max_speed_kmh must be a positive number/);
  assert.match(errors, /min_distance_km must be a positive number/);
  assert.match(errors, /source: .*no\.such\.field/);
  assert.match(errors, /unknown key within for a impossible_travel rule/);
});

test('impossible_travel: tests.geoip is the inline tests\' database; a bad entry is a load error', () => {
  const ok = load('  tests:\n    geoip: {192.0.2.0/24: [52.52, 13.40]}\n    match: []\n');
  assert.deepEqual(ok.errors, []);
  assert.equal(ok.rules[0].tests?.geo?.locate(BERLIN)?.latitude, 52.52);
  assert.match(load('  tests:\n    geoip: {192.0.2.0: [52.52, 13.40]}\n').errors.join('\n'), /tests\.geoip: 192\.0\.2\.0 needs to be a CIDR block/);
  assert.match(load('  tests:\n    geoip: {192.0.2.0/24: [91, 0]}\n').errors.join('\n'), /tests\.geoip/);
  const single = loadVigilRules([{ path: 'r.yaml', text: '- rule: test.a.b\n  title: {en: a, zh: a}\n  description: {en: a, zh: a}\n  severity: low\n  kinds: [auth.login]\n  condition: event.outcome = success\n  tests:\n    geoip: {192.0.2.0/24: [1, 1]}\n' }]);
  assert.match(single.errors.join('\n'), /tests holds match/);
});
