/** `vigil detect --geoip`: the built-in impossible-travel rule with a GeoIP City CSV written here. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runVigil } from '../test-support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-geoip-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const pack = 'rules/runtime/authentication.yaml';
const vigil = (args: string[]) => runVigil(['detect', '--rules', pack, '--format', 'json', ...args], { VIGIL_FROM_SOURCE: '1' });

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Two documentation ranges, placed in Berlin and Shanghai; the IPv6 one in a file of its own, as GeoLite2 ships them.
const v4 = file('blocks-v4.csv', 'network,geoname_id,postal_code,latitude,longitude,accuracy_radius\n192.0.2.0/24,2950159,10115,52.5200,13.4050,20\n');
const v6 = file('blocks-v6.csv', 'network,geoname_id,postal_code,latitude,longitude,accuracy_radius\n2001:db8::/32,1796236,,31.2222,121.4581,50\n');
const login = (time: string, ip: string, user = 'alice') => JSON.stringify({ time, event: { kind: 'auth.login', outcome: 'success', action: 'sshd' }, host: { id: 'h1' }, user: { name: user }, source: { ip } });
const events = file('logins.jsonl', `${[login('2026-03-01T08:00:00Z', '192.0.2.10'), login('2026-03-01T08:20:00Z', '2001:db8::7'), login('2026-03-01T08:30:00Z', '2001:db8::8', 'bob')].join('\n')}\n`);
const travelAlerts = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((a) => a.rule.id === 'vigil.auth.impossible-travel');

test('detect --geoip: the built-in rule raises for a login 8,400 km away 20 minutes later, with both logins', () => {
  const r = vigil(['--events', events, '--geoip', v4, v6]);
  assert.equal(r.status, 0, r.stderr);
  const alerts = travelAlerts(r.stdout);
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0].events.map((e: { source: { ip: string } }) => e.source.ip), ['192.0.2.10', '2001:db8::7']);
  assert.deepEqual(alerts[0].techniques, ['T1078']);
  assert.doesNotMatch(r.stderr, /impossible-travel/);
});

test('detect without --geoip: the rule is inactive and one warning line says how to enable it', () => {
  const r = vigil(['--events', events]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(travelAlerts(r.stdout), []);
  const lines = r.stderr.split('\n').filter((l) => l.includes('vigil.auth.impossible-travel'));
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^vigil: warning: vigil\.auth\.impossible-travel: inactive, .*--geoip FILE/);
});

test('detect --geoip with a bad file: one line naming file:line, no stack trace', () => {
  const bad = file('bad.csv', 'network,latitude,longitude\n192.0.2.0/24,52.52,13.40\n192.0.2.300/24,1,1\n');
  const r = vigil(['--events', events, '--geoip', bad]);
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.match(r.stderr.trimEnd().split('\n').at(-1)!, /^vigil: .*bad\.csv:3: network "192\.0\.2\.300\/24" is not a CIDR block$/);
});
