import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { corpus } from '../../../schema/test-support/corpora.ts';
import { importInto, source, tempDir } from '../support/temp-db.ts';

test('the RustSec advisory-db imports with zero errors; toolchain and unmaintained notices are skipped', async () => {
  const { db, summary } = await importInto([corpus('osv/rustsec.tar.gz')]);
  assert.deepEqual(summary.errors, []);
  const rustsec = source(summary, 'rustsec');
  const skipped = Object.values(rustsec.skipped).reduce((a, b) => a + b, 0);
  assert.equal(rustsec.advisories + skipped, rustsec.files, 'every file is either stored or counted as skipped');
  assert.ok(rustsec.advisories > 800);
  assert.ok(rustsec.skipped['Rust toolchain advisory (std/cargo/rustdoc are not crates)'] > 0);
  assert.deepEqual(db.lookup('crates.io', 'std'), []);

  // tokio RUSTSEC-2021-0072: patched ">= 1.5.1, < 1.6.0", ">= 1.6.3, < 1.7.0", ">= 1.7.2, < 1.8.0", ">= 1.8.1"; unaffected "< 0.3.0"
  const tokio = db.lookup('crates.io', 'tokio').find((m) => m.advisory.id === 'RUSTSEC-2021-0072');
  assert.ok(tokio);
  assert.deepEqual(
    tokio.affected.ranges.map((r) => r.events),
    [
      [{ introduced: '0.3.0' }, { fixed: '1.5.1' }],
      [{ introduced: '1.6.0' }, { fixed: '1.6.3' }],
      [{ introduced: '1.7.0' }, { fixed: '1.7.2' }],
      [{ introduced: '1.8.0' }, { fixed: '1.8.1' }],
    ],
  );
  assert.equal(tokio.advisory.summary, 'Task dropped in wrong thread when aborting `LocalSet` task');
  assert.deepEqual(tokio.advisory.aliases, ['CVE-2021-38191', 'GHSA-2grh-hm3w-w7hv']);
});

test('bare Cargo versions mean caret; exclusive bounds are exact; withdrawn and CVSS are read', async () => {
  const file = join(tempDir(), 'RUSTSEC-2099-0001.md');
  writeFileSync(
    file,
    [
      '```toml',
      '[advisory]',
      'id = "RUSTSEC-2099-0001"',
      'package = "demo"',
      'date = 2099-01-02',
      'withdrawn = "2099-02-01"',
      'cvss = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"',
      '',
      '[versions]',
      'patched = ["0.2.1", "> 1.0.0"]',
      '```',
      '',
      '# Demo',
      '',
      'Body text.',
    ].join('\n'),
  );
  const { db, summary } = await importInto([file]);
  assert.deepEqual(summary.errors, []);
  const [m] = db.lookup('crates.io', 'demo');
  // patched ^0.2.1 = [0.2.1, 0.3.0-0) and (1.0.0, ∞): vulnerable < 0.2.1, [0.3.0-0, 1.0.0]
  assert.deepEqual(
    m.affected.ranges.map((r) => r.events),
    [[{ introduced: '0' }, { fixed: '0.2.1' }], [{ introduced: '0.3.0-0' }, { last_affected: '1.0.0' }]],
  );
  assert.equal(m.advisory.published, '2099-01-02');
  assert.equal(m.advisory.withdrawn, '2099-02-01');
  assert.equal(m.advisory.cvss[0].score, 9.8);
  assert.equal(m.advisory.details, 'Body text.');
  assert.equal(db.isWithdrawn('RUSTSEC-2099-0001'), true);
});

test('a malformed front matter is a counted error naming the file', async () => {
  const file = join(tempDir(), 'RUSTSEC-bad.md');
  writeFileSync(file, '```toml\n[advisory]\nid = "X"\npackage = \n```\n');
  const dir = join(tempDir(), 'bad-rustsec');
  const { mkdirSync, copyFileSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  copyFileSync(file, join(dir, 'RUSTSEC-bad.md'));
  const { summary } = await importInto([dir]);
  assert.equal(summary.errors.length, 1);
  assert.match(summary.errors[0].file, /RUSTSEC-bad\.md$/);
  assert.match(summary.errors[0].message, /invalid TOML/);
});
