import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { corpus } from '../../../schema/test-support/corpora.ts';
import { importInto, source, tempDir } from '../support/temp-db.ts';

test('alpine-secdb v3.3..v3.11 imports with zero errors, merged into one advisory per id', async () => {
  const { db, summary } = await importInto([corpus('alpine')]);
  assert.deepEqual(summary.errors, []);
  const alpine = source(summary, 'alpine');
  assert.equal(alpine.files, 18);
  assert.ok(alpine.advisories > 2000);
  assert.ok(alpine.affected > alpine.advisories, 'one CVE spans several releases');

  // v3.10 main: openssl 1.1.1d-r0 fixes CVE-2019-1547
  const hit = db.lookup('Alpine:v3.10', 'openssl').find((m) => m.advisory.id === 'CVE-2019-1547');
  assert.ok(hit);
  assert.deepEqual(hit.affected.ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1.1d-r0' }] }]);
  assert.equal(hit.affected.status, 'affected');
  assert.deepEqual(db.lookup('Alpine:v3.10', 'OpenSSL'), [], 'names are exact outside registries that fold case');

  // "CVE-2017-8904 XSA-214": the CVE is the id, the XSA its alias.
  const xen = db.lookup('Alpine:v3.6', 'xen').find((m) => m.advisory.id === 'CVE-2017-8904');
  assert.ok(xen);
  assert.deepEqual(xen.advisory.aliases, ['XSA-214']);
  // "CVE-????-?????  XSA-295": the placeholder is not an id.
  assert.ok(db.lookup('Alpine:v3.10', 'xen').some((m) => m.advisory.id === 'XSA-295'));
});

test('JSON secdb, the "0" not-affected key and a release without a v', async () => {
  const file = join(tempDir(), 'secdb-main.json');
  writeFileSync(
    file,
    JSON.stringify({
      distroversion: '3.19',
      reponame: 'main',
      packages: [{ pkg: { name: 'busybox', secfixes: { '0': ['CVE-2000-0001'], '1.36.1-r2': ['CVE-2000-0002'] } } }],
    }),
  );
  const { db, summary } = await importInto([file]);
  assert.deepEqual(summary.errors, []);
  const rows = db.lookup('Alpine:v3.19', 'busybox');
  const byId = new Map(rows.map((m) => [m.advisory.id, m.affected]));
  assert.equal(byId.get('CVE-2000-0001')?.status, 'not-affected');
  assert.deepEqual(byId.get('CVE-2000-0001')?.ranges, []);
  assert.equal(byId.get('CVE-2000-0002')?.status, 'affected');
});
