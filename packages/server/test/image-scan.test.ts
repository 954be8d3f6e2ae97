/** Images seen on a host are scanned once per digest through the local Docker Engine (real dockerd, real image). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importPaths, openAdvisoryDb } from '@vigil/vulndb';
import { TestAgent, call, until } from '../test-support/agent-client.ts';
import { testServer } from '../test-support/server.ts';

const IMAGE = 'vigil-test/bookworm:base';
const CORPORA = resolve(fileURLToPath(import.meta.url), '../../../../../shared/corpora');

function imageId(): string | undefined {
  try {
    return execFileSync('docker', ['image', 'inspect', IMAGE, '--format', '{{.Id}}'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const id = imageId();

test('an image seen on a host is scanned once per digest', { skip: id ? false : `${IMAGE} is not in the local Docker Engine (scripts/testing/bookworm-image.sh builds it)` }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-image-scan-'));
  const vulndb = join(dir, 'vulndb.sqlite');
  const db = openAdvisoryDb(vulndb);
  await importPaths(db, [join(CORPORA, 'alpine')]);
  db.close();
  const t = await testServer({ vulndb });
  try {
    const a = new TestAgent(t.base, 'docker-host');
    await a.enroll(t.enrollToken);
    const images = { docker_images: { rows: [{ id, tags: [IMAGE], repo_digests: [] }], warnings: [] } };
    assert.equal((await a.inventory('img-1', images)).status, 200);
    const scanned = await until('the image scan', async () => {
      const r = await call(t.base, 'GET', '/api/v1/images?host_id=docker-host', { cookie: t.cookies.viewer });
      return r.body.items[0]?.scanned_at ? r.body.items[0] : undefined;
    });
    assert.deepEqual([scanned.digest, scanned.name, scanned.os, scanned.scan_error, scanned.host_ids], [id, IMAGE, 'Debian GNU/Linux 12 (bookworm)', null, ['docker-host']]);
    assert.equal((await a.inventory('img-2', images)).status, 200);
    await until('the second inventory analyzed', async () => ((await t.server.services.bus.stats()).depth === 0 ? true : undefined));
    const again = (await call(t.base, 'GET', '/api/v1/images', { cookie: t.cookies.viewer })).body.items[0];
    assert.equal(again.scanned_at, scanned.scanned_at, 'not scanned again');
  } finally {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
