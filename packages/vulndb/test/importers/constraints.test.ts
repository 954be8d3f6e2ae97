import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConstraintError,
  cargoIntervals,
  genericIntervals,
  intervalsToRanges,
  npmIntervals,
  semverComplement,
} from '../../src/importers/constraints.ts';

const events = (intervals: ReturnType<typeof npmIntervals>, type: 'SEMVER' | 'ECOSYSTEM' = 'SEMVER') => {
  const { ranges, versions } = intervalsToRanges(intervals, type);
  return { events: ranges.map((r) => r.events), versions };
};

test('npm ranges: unions, inclusive uppers, exact versions, everything', () => {
  assert.deepEqual(events(npmIntervals('<1.4.1 || >=2.0.0 <2.17.2')).events, [
    [{ introduced: '0' }, { fixed: '1.4.1' }],
    [{ introduced: '2.0.0' }, { fixed: '2.17.2' }],
  ]);
  assert.deepEqual(events(npmIntervals('<= 1.7.0-alpha2')).events, [[{ introduced: '0' }, { last_affected: '1.7.0-alpha2' }]]);
  assert.deepEqual(events(npmIntervals('5.1.1')), { events: [], versions: ['5.1.1'] });
  assert.deepEqual(events(npmIntervals('*')).events, [[{ introduced: '0' }]]);
  assert.deepEqual(events(npmIntervals('>=2.0.0 <1.0.0')).events, [], 'an empty intersection is dropped');
  assert.throws(() => npmIntervals('>>>nope<<<'), ConstraintError);
});

test('an exclusive semver lower bound starts at its successor', () => {
  assert.deepEqual(events(npmIntervals('>1.2.3 <2.0.0')).events, [[{ introduced: '1.2.4-0' }, { fixed: '2.0.0' }]]);
  assert.deepEqual(events(npmIntervals('>1.0.0-rc.1')).events, [[{ introduced: '1.0.0-rc.1.0' }]]);
});

test('Cargo requirements: commas, bare versions as caret, = as exact', () => {
  assert.deepEqual(cargoIntervals('>= 1.2.3, < 2.0.0'), [
    { lower: { version: '1.2.3', inclusive: true }, upper: { version: '2.0.0', inclusive: false } },
  ]);
  assert.deepEqual(cargoIntervals('0.2.1'), cargoIntervals('^0.2.1'));
  assert.deepEqual(cargoIntervals('^ 1.2.0'), cargoIntervals('^1.2.0'));
  assert.deepEqual(events(cargoIntervals('=1.0.0')).versions, ['1.0.0']);
});

test('complement of patched ∪ unaffected', () => {
  const vulnerable = semverComplement([...cargoIntervals('>= 1.8.1'), ...cargoIntervals('>= 1.5.1, < 1.6.0'), ...cargoIntervals('< 0.3.0')]);
  assert.deepEqual(events(vulnerable).events, [
    [{ introduced: '0.3.0' }, { fixed: '1.5.1' }],
    [{ introduced: '1.6.0' }, { fixed: '1.8.1' }],
  ]);
  assert.deepEqual(semverComplement([]), [{}], 'nothing patched: every version');
  assert.deepEqual(semverComplement(cargoIntervals('>= 0.0.0-0')), [{ upper: { version: '0.0.0-0', inclusive: false } }]);
  // "< 1.0.0" and "> 1.0.0" leave exactly 1.0.0
  assert.deepEqual(events(semverComplement([...npmIntervals('<1.0.0'), ...npmIntervals('>1.0.0')])).versions, ['1.0.0']);
  // overlapping and contained intervals merge
  assert.deepEqual(events(semverComplement([...npmIntervals('>=1.0.0 <3.0.0'), ...npmIntervals('>=1.5.0 <2.0.0')])).events, [
    [{ introduced: '0' }, { fixed: '1.0.0' }],
    [{ introduced: '3.0.0' }],
  ]);
});

test('generic GHSA-style constraints', () => {
  assert.deepEqual(events(genericIntervals('>= 3.0.0, <= 3.2.22.4'), 'ECOSYSTEM').events, [
    [{ introduced: '3.0.0' }, { last_affected: '3.2.22.4' }],
  ]);
  assert.deepEqual(events(genericIntervals('<8.44 || >= 9.0, < 9.1'), 'ECOSYSTEM').events, [
    [{ introduced: '0' }, { fixed: '8.44' }],
    [{ introduced: '9.0' }, { fixed: '9.1' }],
  ]);
  assert.deepEqual(events(genericIntervals('~> 4.2.1'), 'ECOSYSTEM').events, [[{ introduced: '4.2.1' }, { fixed: '4.3' }]]);
  assert.deepEqual(events(genericIntervals('~= 2.2'), 'ECOSYSTEM').events, [[{ introduced: '2.2' }, { fixed: '3' }]]);
  assert.deepEqual(events(genericIntervals('== 1.0'), 'ECOSYSTEM').versions, ['1.0']);
  assert.deepEqual(genericIntervals('< v2.8.0'), [{ lower: undefined, upper: { version: 'v2.8.0', inclusive: false } }]);
  assert.throws(() => genericIntervals('!= 1.0'), ConstraintError);
  assert.throws(() => genericIntervals('>= 1, >= 2'), /two lower bounds/);
});

test('Maven interval notation', () => {
  assert.deepEqual(events(genericIntervals('[2.9.0,2.9.10.7)'), 'ECOSYSTEM').events, [[{ introduced: '2.9.0' }, { fixed: '2.9.10.7' }]]);
  assert.deepEqual(events(genericIntervals('(,1.0],[1.2,)'), 'ECOSYSTEM').events, [
    [{ introduced: '0' }, { last_affected: '1.0' }],
    [{ introduced: '1.2' }],
  ]);
  assert.deepEqual(events(genericIntervals('[1.5]'), 'ECOSYSTEM').versions, ['1.5']);
  assert.throws(() => genericIntervals('[1.0,2.0) junk'), /invalid Maven range/);
});
