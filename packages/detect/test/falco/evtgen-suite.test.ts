/**
 * Falco's event-generator suite, translated into VigilEvents: each case must raise the rule it
 * names, at the priority it names, with the output fields it lists. Cases whose rule Vigil skips
 * or whose syscall has no Vigil event are reported as skipped with the reason.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { corpus } from '../../../schema/test-support/corpora.ts';
import { evtgenCases } from '../../test-support/evtgen.ts';
import { parseFieldRef } from '../../src/condition/parser.ts';
import { Engine } from '../../src/engine.ts';
import { resolveFalcoField } from '../../src/falco/fields.ts';
import { loadFalcoRuleFiles } from '../../src/falco/loader.ts';

const rulesDir = corpus('falco/rules');
const ruleFiles = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => `${rulesDir}/${f}`);
const loaded = loadFalcoRuleFiles(ruleFiles);
const { skipped } = Engine.build(loaded.rules);
const skippedReason = new Map([...loaded.skipped, ...skipped].map((s) => [s.name, s.reason]));

const suiteDir = corpus('falco/evtgen_suite');
const files = readdirSync(suiteDir).filter((f) => f.endsWith('.yaml')).sort();

let tests = 0;
for (const file of files) {
  const cases = evtgenCases(`${suiteDir}/${file}`);
  const byTest = new Map<string, typeof cases>();
  for (const c of cases) byTest.set(c.test, [...(byTest.get(c.test) ?? []), c]);
  for (const [name, items] of byTest) {
    tests++;
    const rule = items[0].rule;
    const unrepresentable = items.find((c) => 'unrepresentable' in c.events);
    const reason = skippedReason.get(rule) ?? (unrepresentable ? (unrepresentable.events as { unrepresentable: string }).unrepresentable : undefined);
    test(`${name} fires "${rule}" (${items.length} items)`, { skip: reason ? `Vigil cannot: ${reason}` : false }, () => {
      // Some named rules ship disabled; the suite runs them enabled, as Falco's own harness does.
      const enabled = Engine.build(loaded.rules.filter((r) => r.name === rule).map((r) => ({ ...r, enabled: true }))).engine;
      for (const c of items) {
        const events = c.events as Exclude<typeof c.events, { unrepresentable: string }>;
        const alerts = events.flatMap((ev) => enabled.process(ev));
        const label = `${name} ${JSON.stringify(c.item)}`;
        assert.ok(alerts.length > 0, `${label}: no alert`);
        const alert = alerts.at(-1)!;
        assert.equal(alert.level, c.priority, `${label}: priority`);
        for (const [field, want] of Object.entries(c.outputFields)) {
          const got = resolveFalcoField(parseFieldRef(field)).get(alert.event, 1);
          assert.equal(String(got), want, `${label}: ${field}`);
        }
      }
    });
  }
}

test('the suite has its 35 cases', () => {
  assert.equal(tests, 35);
});
