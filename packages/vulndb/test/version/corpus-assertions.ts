/**
 * Reads the version-ordering assertion suites in corpora/versions (`A < B`, `A = B`, `A > B`,
 * one a line; `#` and `//` start comments) and checks a comparator against every line of every
 * file of one scheme, in both directions so antisymmetry is checked too.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpus } from '../../../schema/test-support/corpora.ts';
import type { VersionComparator } from '../../src/version/comparator.ts';

export interface OrderAssertion {
  line: number;
  a: string;
  op: '<' | '=' | '>';
  b: string;
}

const versionsDir = corpus('versions');

/** Every assertion file in corpora/versions, e.g. `debian-versions.txt`. */
export function assertionFiles(): string[] {
  return readdirSync(versionsDir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
}

/** The scheme prefix of an assertion file: `debian-versions-generated.txt` → `debian`. */
export function schemeOfFile(file: string): string {
  return file.slice(0, file.indexOf('-versions'));
}

export function readAssertions(file: string): OrderAssertion[] {
  const out: OrderAssertion[] = [];
  readFileSync(`${versionsDir}/${file}`, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith('//')) return;
      const m = /^(\S+) ([<=>]) (\S+)$/.exec(line);
      assert.ok(m, `${file}:${i + 1}: unreadable assertion ${JSON.stringify(line)}`);
      out.push({ line: i + 1, a: m[1], op: m[2] as OrderAssertion['op'], b: m[3] });
    });
  return out;
}

const expectedSign = { '<': -1, '=': 0, '>': 1 } as const;

/** Lines of `assertions` that `cmp` gets wrong, as readable strings. */
export function failures(cmp: VersionComparator, assertions: OrderAssertion[]): string[] {
  const bad: string[] = [];
  for (const { line, a, op, b } of assertions) {
    const forward = Math.sign(cmp.compare(a, b));
    const backward = Math.sign(cmp.compare(b, a));
    if (forward !== expectedSign[op] || backward !== -expectedSign[op]) {
      bad.push(`line ${line}: ${a} ${op} ${b} (got ${forward}, reversed ${backward})`);
    }
  }
  return bad;
}

/** One test per assertion file of `scheme`; each names its assertion count. */
export function testCorpusFiles(scheme: string, cmp: VersionComparator): void {
  const files = assertionFiles().filter((f) => schemeOfFile(f) === scheme);
  test(`corpora/versions has ${scheme} suites`, () => assert.ok(files.length > 0));
  for (const file of files) {
    const assertions = readAssertions(file);
    test(`${file}: all ${assertions.length} assertions hold`, () => {
      assert.deepEqual(failures(cmp, assertions), []);
    });
  }
}
