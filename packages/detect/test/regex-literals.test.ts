import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { walk } from '../src/condition/ast.ts';
import { requiredLiterals } from '../src/regex-literals.ts';
import { loadRulePaths } from '../src/rule-files.ts';

const lits = (p: string) => {
  const s = requiredLiterals(p);
  return s && [...s].sort();
};

test('required literals: alternation unites, a sequence keeps its most selective run', () => {
  assert.deepEqual(lits('(curl|wget)\\b[^|]*\\|\\s*(ba)?sh'), ['curl', 'wget']);
  assert.deepEqual(lits('/etc/(shadow|gshadow)'), ['/etc/gshadow', '/etc/shadow'], 'short alternatives multiply out with the run around them');
  assert.deepEqual(lits('\\b(e?grep|pgrep)\\b.*(falcon|osqueryd)'), ['falcon', 'osqueryd'], 'the longer-literal part wins');
  assert.deepEqual(lits('key[34]\\.db'), ['key'], 'a class ends a run');
  assert.deepEqual(lits('^/tmp/'), ['/tmp/'], 'anchors and word boundaries consume nothing');
  assert.deepEqual(lits('\\x27\\/etc\\.d'), ["'/etc.d"], 'escapes are their characters');
});

test('required literals: optional pieces are not required, repeated ones are, lookarounds never', () => {
  assert.deepEqual(lits('abc(defgh)?'), ['abc']);
  assert.deepEqual(lits('x(abcd)+y'), ['abcd']);
  assert.deepEqual(lits('x(abcd){2,}y'), ['abcd']);
  assert.deepEqual(lits('(?!secret)pass'), ['pass']);
  assert.deepEqual(lits('(?<=token=)[a-z]+'), undefined);
  assert.equal(requiredLiterals('(abc|)'), undefined, 'a branch that matches the empty string requires nothing');
  assert.equal(requiredLiterals('.*'), undefined);
});

test('required literals: syntax it does not analyse gives no literals', () => {
  for (const p of ['(a)\\1bcd', '\\cJabc', '\\p{L}abc', '(?<n>abc)\\k<n>', 'abc)', '[abc']) assert.equal(requiredLiterals(p), undefined, p);
});

test('every regex in the built-in pack and Falco rules: each sample string it matches contains one of its literals', () => {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const falco = join(repo, '../shared/corpora/falco/rules');
  const set = loadRulePaths([join(repo, 'rules'), ...['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => join(falco, f))]);
  const patterns = new Set<string>();
  for (const r of set.rules) {
    const conditions = [r.condition, ...(r.correlation?.steps.map((s) => s.condition) ?? [])];
    for (const c of conditions) walk(c, (e) => e.type === 'compare' && e.op === 'regex' && e.operand.kind === 'value' && patterns.add(e.operand.value));
  }
  // Every string the pack's own tests feed its rules: the values these regexes were written to match.
  const samples = new Set<string>();
  const collect = (v: unknown) => {
    if (typeof v === 'string') samples.add(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  for (const r of set.rules) collect(r.tests);
  assert.ok(patterns.size >= 100 && samples.size >= 500, `${patterns.size} patterns, ${samples.size} samples`);
  let analysed = 0;
  let matched = 0;
  for (const p of patterns) {
    const need = requiredLiterals(p);
    if (!need) continue;
    analysed++;
    const re = new RegExp(p);
    for (const s of samples) {
      if (!re.test(s)) continue;
      matched++;
      assert.ok([...need].some((l) => s.includes(l)), `${JSON.stringify(s)} matches /${p}/ but holds none of ${[...need].join(', ')}`);
    }
  }
  assert.ok(analysed >= patterns.size * 0.8, `only ${analysed} of ${patterns.size} patterns analysed`);
  assert.ok(matched >= 100, `only ${matched} matches checked`);
});
