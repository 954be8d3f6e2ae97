import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AttackCatalog } from '../src/attack.ts';
import { isUserError } from '../src/errors.ts';
import { corpus } from '../test-support/corpora.ts';

test('the enterprise ATT&CK v18.1 archive: active, sub-technique, revoked (with its replacement) and unknown ids', async () => {
  const catalog = await AttackCatalog.read(corpus('attack/enterprise-attack-trimmed.tar.gz'));
  assert.ok(catalog.size > 691, `${catalog.size} techniques`);
  const shell = catalog.check('T1059.004');
  assert.equal(shell.status, 'active');
  assert.equal(shell.status === 'active' && shell.technique.name, 'Unix Shell');
  assert.equal(catalog.check('t1110.001').status, 'active');
  const revoked = catalog.check('T1089');
  assert.equal(revoked.status, 'revoked');
  assert.equal(revoked.status === 'revoked' && revoked.technique.revokedBy, 'T1562.001');
  assert.equal(catalog.check('T1064').status, 'deprecated');
  assert.equal(catalog.check('T9999').status, 'unknown');
  // The directory holding the archive reads the same.
  assert.equal((await AttackCatalog.read(corpus('attack'))).size, catalog.size);
});

test('a STIX bundle .json is read; a path without techniques is a user error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-attack-'));
  try {
    const bundle = { type: 'bundle', objects: [{ type: 'attack-pattern', id: 'attack-pattern--1', name: 'Old', x_mitre_deprecated: true, external_references: [{ source_name: 'mitre-attack', external_id: 'T1000' }] }] };
    writeFileSync(join(dir, 'b.json'), JSON.stringify(bundle));
    assert.equal((await AttackCatalog.read(join(dir, 'b.json'))).check('T1000').status, 'deprecated');
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ type: 'bundle', objects: [] }));
    await assert.rejects(AttackCatalog.read(dir), (e) => isUserError(e) && /no ATT&CK techniques/.test(e.message));
    await assert.rejects(AttackCatalog.read(join(dir, 'missing')), (e) => isUserError(e) && /ENOENT/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
