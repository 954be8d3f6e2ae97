import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { corpus } from '../../../schema/test-support/corpora.ts';
import { importInto, source, tempDir } from '../support/temp-db.ts';

test('DSA, DLA and DTSA lists import with zero errors', async () => {
  const { db, summary } = await importInto([corpus('debian')]);
  assert.deepEqual(summary.errors, []);
  const debian = source(summary, 'debian');
  assert.equal(debian.files, 3);
  assert.equal(summary.unrecognized, 3, 'CPE/list, CPE/aliases and config.json are not advisories');
  assert.ok(debian.advisories > 8000);
  assert.ok(debian.skipped['entry without packages (announcement)'] > 0);

  const [xorg] = db.lookup('Debian:11', 'xorg-server').filter((m) => m.advisory.id === 'DSA-5380-1');
  assert.deepEqual(xorg.advisory.aliases, ['CVE-2023-1393']);
  assert.equal(xorg.advisory.published, '2023-03-29T00:00:00Z');
  assert.equal(xorg.advisory.summary, 'DSA-5380-1: xorg-server - security update');
  assert.deepEqual(xorg.affected.ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2:1.20.11-1+deb11u6' }] }]);
  assert.ok(db.lookup('Debian:10', 'xorg-server').some((m) => m.advisory.id === 'DLA-3372-1'));

  // DTSA: "[August 26th, 2005]" dates and "(high)" urgencies
  const [kismet] = db.lookup('Debian:4.0', 'kismet').filter((m) => m.advisory.id === 'DTSA-1-1');
  assert.equal(kismet.advisory.published, '2005-08-26T00:00:00Z');
  assert.equal(kismet.affected.severity, 'high');
  // "[lenny] - vlc <not-affected> (Vulnerable code not present)"
  assert.ok(db.lookup('Debian:5.0', 'vlc').some((m) => m.affected.status === 'not-affected'));
});

test('status annotations, unknown releases and stray lines', async () => {
  const dir = join(tempDir(), 'debian-synthetic', 'DSA');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'list'),
    [
      '[02 Jan 2024] DSA-9999-1 demo - security update',
      '\t{CVE-2024-0001 CVE-2024-0002}',
      '\t[bookworm] - demo <unfixed> (bug #1; low)',
      '\t[bullseye] - demo <no-dsa> (Minor issue)',
      '\t[buster] - demo <end-of-life>',
      '\t[sid] - demo 1.2-3',
      '\t[zzz] - demo 1.0',
      '\tthis line means nothing',
      '',
    ].join('\n'),
  );
  const { db, summary } = await importInto([join(dir, '..')]);
  assert.equal(summary.errors.length, 2);
  assert.match(summary.errors[0].message, /line 7 .*unknown Debian release "zzz"/);
  assert.match(summary.errors[1].message, /line 8: unrecognised line/);
  assert.equal(db.lookup('Debian:12', 'demo')[0].affected.status, 'unfixed');
  assert.equal(db.lookup('Debian:12', 'demo')[0].affected.severity, 'low');
  assert.equal(db.lookup('Debian:11', 'demo')[0].affected.status, 'wont-fix');
  assert.equal(db.lookup('Debian:10', 'demo')[0].affected.status, 'wont-fix');
  assert.equal(db.lookup('Debian:unstable', 'demo')[0].affected.status, 'affected');
});
