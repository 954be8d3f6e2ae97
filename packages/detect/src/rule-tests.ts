/**
 * Inline rule tests (`tests.match` / `tests.no_match`): each stream runs through a fresh engine
 * holding only its rule, then the engine is flushed as at the end of a stream, so stateful
 * windows close. A match stream must raise the rule, a no_match stream must not.
 */
import { Engine } from './engine.ts';
import type { Rule } from './rule.ts';

export interface RuleTestResult {
  rule: Rule;
  /** Test streams run. */
  cases: number;
  /** One line per failed case. */
  failures: string[];
}

export function runRuleTests(rules: readonly Rule[]): RuleTestResult[] {
  return rules.filter((r) => r.tests).map(testRule);
}

function testRule(rule: Rule): RuleTestResult {
  // Disabled rules are tested too: disabling is a deployment choice, not a reason to stop checking.
  const subject: Rule = { ...rule, enabled: true };
  const { match = [], noMatch = [] } = rule.tests ?? {};
  const result: RuleTestResult = { rule, cases: match.length + noMatch.length, failures: [] };
  const options = { geo: rule.tests?.geo };
  const skipped = Engine.build([subject], options).skipped[0];
  if (skipped) {
    result.failures.push(`does not compile: ${skipped.reason}`);
    return result;
  }
  const raised = (events: (typeof match)[number]) => {
    const { engine } = Engine.build([subject], options);
    return [...events.flatMap((e) => engine.process(e)), ...engine.flush()].filter((a) => a.rule.id === rule.id);
  };
  match.forEach((events, i) => {
    if (raised(events).length === 0) result.failures.push(`match ${i + 1}: did not raise the rule`);
  });
  noMatch.forEach((events, i) => {
    const alerts = raised(events);
    if (alerts.length) result.failures.push(`no_match ${i + 1}: raised the rule (${alerts[0].output})`);
  });
  return result;
}
