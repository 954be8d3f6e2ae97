import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { corpus, unpackedCorpus } from '../../schema/test-support/corpora.ts';
import type { AffectedPackage, RangeEvent } from '../src/advisory.ts';
import { osvAdvisory } from '../src/importers/osv.ts';
import { evaluateAffected } from '../src/range.ts';
import { comparatorFor } from '../src/version/index.ts';

/** The affected entries of a real OSV record, as the importer stores them. */
function osvAffected(path: string): AffectedPackage[] {
  const text = readFileSync(path, 'utf8');
  const doc = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  const ctx = { file: path, error: (m: string) => assert.fail(m), skip: () => {} };
  const advisory = osvAdvisory(doc, ctx);
  assert.ok(advisory, path);
  return advisory.affected;
}

function verdict(installed: string, pkg: AffectedPackage): { affected: boolean; fixed: string[] } {
  const cmp = comparatorFor(pkg.ecosystem);
  assert.ok(cmp, pkg.ecosystem);
  return evaluateAffected(installed, pkg, cmp);
}

function pkg(ecosystem: string, events: RangeEvent[][], extra: Partial<AffectedPackage> = {}): AffectedPackage {
  return {
    ecosystem,
    name: 'p',
    status: 'affected',
    ranges: events.map((e) => ({ type: 'ECOSYSTEM', events: e })),
    versions: [],
    ...extra,
  };
}

const affectedWith = (...fixed: string[]) => ({ affected: true, fixed });
const notAffected = { affected: false, fixed: [] };

test('Debian DSA: introduced 0, fixed X covers everything before X', () => {
  const [nginx] = osvAffected(corpus('osv/samples/worker/DSA-3029-1.json'));
  assert.deepEqual(verdict('1.2.1-2.2+wheezy2', nginx), affectedWith('1.2.1-2.2+wheezy3'));
  assert.deepEqual(verdict('1.2.1-2.2+wheezy3~bpo70+1', nginx), affectedWith('1.2.1-2.2+wheezy3'));
  assert.deepEqual(verdict('1.2.1-2.2+wheezy3', nginx), notAffected);
  assert.deepEqual(verdict('1.6.2-1', nginx), notAffected);
});

test('Alpine: one record, a fix per release', () => {
  const entries = osvAffected(corpus('osv/samples/worker/CVE-2022-27449.json'));
  const forRelease = (r: string) => entries.find((e) => e.ecosystem === `Alpine:${r}`)!;
  assert.deepEqual(verdict('10.4.24-r0', forRelease('v3.12')), affectedWith('10.4.25-r0'));
  assert.deepEqual(verdict('10.4.25-r0', forRelease('v3.12')), notAffected);
  assert.deepEqual(verdict('10.6.7-r0', forRelease('v3.16')), affectedWith('10.6.8-r0'));
});

test('Go: several introduced/fixed pairs in one SEMVER range, +incompatible ignored', () => {
  const [harbor] = osvAffected(join(unpackedCorpus('osv/go.tar.gz'), 'go/GO-2024-2916.json'));
  assert.deepEqual(verdict('v2.8.5+incompatible', harbor), affectedWith('2.8.6+incompatible', '2.9.4+incompatible', '2.10.2+incompatible'));
  assert.deepEqual(verdict('v2.8.6+incompatible', harbor), notAffected);
  assert.deepEqual(verdict('v2.9.0+incompatible', harbor), affectedWith('2.9.4+incompatible', '2.10.2+incompatible'));
  assert.deepEqual(verdict('v2.9.4', harbor), notAffected);
  assert.deepEqual(verdict('v2.10.1', harbor), affectedWith('2.10.2+incompatible'));
  assert.deepEqual(verdict('v2.11.0', harbor), notAffected);
});

test('PyPI: last_affected includes that version and no later one', () => {
  const [py] = osvAffected(join(unpackedCorpus('osv/pypi.tar.gz'), 'pypi/vulns/py/PYSEC-2022-42969.yaml'));
  assert.deepEqual(verdict('1.11.0', py), affectedWith());
  assert.deepEqual(verdict('1.4.7.dev3', py), affectedWith());
  assert.deepEqual(verdict('1.11.1', py), notAffected);
});

test('PyPI: two affected entries for one package, each with its range and versions', () => {
  const [early, late] = osvAffected(corpus('osv/samples/pypi-function/test_vuln.json'));
  assert.deepEqual(verdict('3.1.1', early), affectedWith('3.1.2'));
  assert.deepEqual(verdict('3.1.1', late), notAffected);
  assert.deepEqual(verdict('3.3', late), affectedWith('3.3.2'));
  assert.deepEqual(verdict('3.3.2', late), notAffected);
});

test('Ubuntu: introduced 0 without a fix affects every version', () => {
  const [linux] = osvAffected(corpus('osv/samples/worker/UBUNTU-CVE-2025-38094.json'));
  assert.deepEqual(verdict('3.13.0-206.257', linux), affectedWith());
  assert.deepEqual(verdict('99.0-1', linux), affectedWith());
});

test('SEMVER ranges use semantic versioning whatever the ecosystem', () => {
  const [demo] = osvAffected(corpus('osv/samples/website/MULTI-ECO-FIX-DEMO.json'));
  assert.equal(demo.ecosystem, 'PyPI');
  // SemVer: 1.2.0-1 is a pre-release of 1.2.0; PEP 440 would read it as the post-release 1.2.0.post1.
  assert.deepEqual(verdict('1.2.0-1', demo), affectedWith('1.2.0'));
  const asEcosystem = { ...demo, ranges: demo.ranges.map((r) => ({ ...r, type: 'ECOSYSTEM' as const })) };
  assert.deepEqual(verdict('1.2.0-1', asEcosystem), notAffected);
});

test('overlapping ranges: affected by either, fixed versions deduplicated', () => {
  const p = pkg('npm', [
    [{ introduced: '1.0.0' }, { fixed: '1.4.0' }],
    [{ introduced: '1.2.0' }, { fixed: '1.4.0' }],
    [{ introduced: '1.3.0' }, { fixed: '1.3.5' }],
  ]);
  assert.deepEqual(verdict('1.3.1', p), affectedWith('1.4.0', '1.3.5'));
  assert.deepEqual(verdict('1.1.0', p), affectedWith('1.4.0'));
  assert.deepEqual(verdict('0.9.0', p), notAffected);
  assert.deepEqual(verdict('1.4.0', p), notAffected);
});

test('events are sorted by version before they are walked', () => {
  const p = pkg('Maven', [[{ fixed: '2.0.1' }, { introduced: '2.0' }, { fixed: '1.5.3' }, { introduced: '0' }]]);
  assert.deepEqual(verdict('1.5.2', p), affectedWith('1.5.3', '2.0.1'));
  assert.deepEqual(verdict('1.9', p), notAffected);
  assert.deepEqual(verdict('2.0-RC1', p), notAffected);
  assert.deepEqual(verdict('2.0.0', p), affectedWith('2.0.1'));
});

test('limit: only versions below a limit are covered', () => {
  const p = pkg('PyPI', [[{ introduced: '1.0' }, { limit: '2.0' }]]);
  assert.deepEqual(verdict('1.9.9', p), affectedWith());
  assert.deepEqual(verdict('2.0', p), notAffected);
  assert.deepEqual(verdict('0.9', p), notAffected);
  const star = pkg('PyPI', [[{ introduced: '1.0' }, { limit: '*' }]]);
  assert.deepEqual(verdict('99', star), affectedWith());
});

test('explicit versions match by the ecosystem comparator', () => {
  const p = pkg('Maven', [], { versions: ['1.0', '1.1'] });
  assert.deepEqual(verdict('1.0.0', p), affectedWith());
  assert.deepEqual(verdict('1.1.RELEASE', p), affectedWith());
  assert.deepEqual(verdict('1.2', p), notAffected);
});

test('statuses: not-affected never, unfixed and wont-fix without ranges always', () => {
  const debian = (status: AffectedPackage['status'], ranges: RangeEvent[][] = []) =>
    pkg('Debian:12', ranges, { status });
  assert.deepEqual(verdict('1.0-1', debian('not-affected', [[{ introduced: '0' }]])), notAffected);
  assert.deepEqual(verdict('1.0-1', debian('unfixed')), affectedWith());
  assert.deepEqual(verdict('1.0-1', debian('wont-fix')), affectedWith());
  assert.deepEqual(verdict('1.0-1', pkg('Debian:12', [])), notAffected, 'an affected entry with nothing in it covers nothing');
});

test('unparseable versions skip the range instead of throwing or guessing', () => {
  const p = pkg('npm', [
    [{ introduced: '0' }, { fixed: 'not a version' }],
    [{ introduced: '2.0.0' }, { fixed: '2.1.0' }],
  ]);
  assert.deepEqual(verdict('1.0.0', p), notAffected, 'the first range has a bad bound');
  assert.deepEqual(verdict('2.0.5', p), affectedWith('2.1.0'));
  assert.deepEqual(verdict('', p), notAffected);
  assert.deepEqual(verdict('latest', p), notAffected);
  const listed = pkg('npm', [[{ introduced: '0' }]], { versions: ['weird-tag'] });
  assert.deepEqual(verdict('weird-tag', listed), affectedWith(), 'an exact listed string still matches');
});

test('garbage in any ecosystem never throws', () => {
  const junk = ['', ' ', '::', '-', '~', '^', '.', '0', '*', 'v', '1..', '\u0000', 'ñ', '1'.repeat(400), '1-constructor1', '__proto__'];
  for (const ecosystem of ['Debian:12', 'Alpine:v3.20', 'Red Hat', 'PyPI', 'Maven', 'npm', 'RubyGems', 'Packagist', 'NuGet', 'CRAN', 'Pub', 'Hackage']) {
    for (const a of junk) {
      for (const b of junk) {
        const p = pkg(ecosystem, [[{ introduced: a }, { fixed: b }], [{ introduced: b }, { last_affected: a }, { limit: b }]], { versions: [b] });
        const v = verdict(a, p);
        assert.equal(typeof v.affected, 'boolean');
      }
    }
  }
});
