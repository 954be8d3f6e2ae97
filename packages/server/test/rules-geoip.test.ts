/** The server's rule set hands its geo database to impossible-travel rules, also after a rule toggle rebuilds the engine. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GeoDatabase, parseGeoCsv } from '@vigil/detect';
import type { VigilEvent } from '@vigil/schema';
import { RuleSet } from '../src/pipeline/rules.ts';

const RULE = 'vigil.auth.impossible-travel';
const geo = GeoDatabase.of(parseGeoCsv('network,latitude,longitude\n192.0.2.0/24,52.52,13.405\n198.51.100.0/24,31.2304,121.4737\n', 'geo.csv'));
const login = (time: string, ip: string): VigilEvent => ({ time, event: { kind: 'auth.login', outcome: 'success', action: 'sshd' }, host: { id: 'h1' }, user: { name: 'alice' }, source: { ip } });
const travel = (rules: RuleSet) =>
  [login('2026-03-01T08:00:00Z', '192.0.2.10'), login('2026-03-01T08:30:00Z', '198.51.100.7')].flatMap((e) => rules.engine.process(e)).filter((a) => a.rule.id === RULE);

test('RuleSet with a geo database: the built-in impossible-travel rule raises, also after a toggle; no warning', () => {
  const rules = RuleSet.load([], new Map(), geo);
  assert.equal(travel(rules).length, 1);
  rules.setEnabled('vigil.auth.brute-force', false);
  assert.equal(travel(rules).length, 1);
  assert.equal(rules.warnings.filter((w) => w.includes(RULE)).length, 0);
});

test('RuleSet without one: the rule is listed but raises nothing, and one warning names it', () => {
  const rules = RuleSet.load([], new Map());
  assert.ok(rules.get(RULE));
  assert.equal(travel(rules).length, 0);
  assert.equal(rules.warnings.filter((w) => w.includes(RULE) && /--geoip/.test(w)).length, 1);
});
