import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importInto, tempDir } from '../support/temp-db.ts';

// The corpora hold no tracker JSON export; this one is written in its documented shape.
const tracker = {
  openssl: {
    'CVE-2024-0001': {
      description: 'demo flaw',
      scope: 'remote',
      releases: {
        bookworm: { status: 'resolved', fixed_version: '3.0.11-1~deb12u2', urgency: 'medium', repositories: {} },
        bullseye: { status: 'open', urgency: 'low', nodsa: 'Minor issue', nodsa_reason: '' },
        buster: { status: 'open', urgency: 'not yet assigned' },
        trixie: { status: 'resolved', fixed_version: '0', urgency: 'unimportant' },
        sid: { status: 'undetermined' },
        nonesuch: { status: 'open' },
      },
    },
  },
  'openssl1.0': {
    'CVE-2024-0001': { releases: { stretch: { status: 'open', nodsa_reason: 'postponed' } } },
    'TEMP-0000000-AB12CD': { releases: { stretch: { status: 'weird' } } },
  },
};

test('tracker JSON: statuses, urgency, fixed_version 0, one advisory per CVE across packages', async () => {
  const file = join(tempDir(), 'tracker.json');
  writeFileSync(file, JSON.stringify(tracker));
  const { db, summary } = await importInto([file]);
  assert.deepEqual(
    summary.errors.map((e) => e.message),
    ['unknown Debian release "nonesuch"', 'openssl1.0 TEMP-0000000-AB12CD stretch: unknown status "weird"'],
  );
  const row = (eco: string, name = 'openssl') => db.lookup(eco, name)[0].affected;
  assert.deepEqual(row('Debian:12').ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] }]);
  assert.equal(row('Debian:12').severity, 'medium');
  assert.equal(row('Debian:11').status, 'wont-fix');
  assert.equal(row('Debian:10').status, 'unfixed');
  assert.equal(row('Debian:10').severity, undefined);
  assert.equal(row('Debian:13').status, 'not-affected');
  assert.equal(row('Debian:unstable').status, 'unfixed');
  assert.equal(row('Debian:9', 'openssl1.0').status, 'wont-fix');
  assert.equal(db.lookup('Debian:12', 'openssl')[0].advisory.summary, 'demo flaw');
  assert.equal(db.stats().advisories, 1, 'the TEMP issue had no usable row');
});
