/**
 * Image hardening advice on real images: the project's bookworm:app image (root, setuid binaries,
 * a shell, apt, docs deleted in its last layer) and one built here with planted problems — a
 * private key, a credential in ENV and in a RUN step, a world-writable file, a big file written
 * and deleted in a later layer — and the fixes for others (USER, HEALTHCHECK).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adviseImage, socketDocker, type HardeningReport } from '@vigil/compliance';
import { bookwormBaseImage, docker } from '../../agent/test/inventory/docker-fixture.ts';

const TAG = `vcmp-hardening:${process.pid}`;
const docker_ = socketDocker('/var/run/docker.sock');
let app: HardeningReport;
let planted: HardeningReport;
const ids = (r: HardeningReport) => r.advice.map((a) => a.id);
const items = (r: HardeningReport, id: string) => r.advice.find((a) => a.id === id)?.items ?? [];

before(async () => {
  const base = await bookwormBaseImage();
  const ctx = mkdtempSync(join(tmpdir(), 'vcmp-hardening-'));
  writeFileSync(join(ctx, 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
  writeFileSync(
    join(ctx, 'Dockerfile'),
    [
      `FROM ${base}`,
      'ENV DB_PASSWORD=hunter2-not-real',
      'COPY id_rsa /root/.ssh/id_rsa',
      'RUN head -c 300000 /dev/zero > /opt/blob.bin && touch /opt/open.txt && chmod 666 /opt/open.txt && echo "API_TOKEN=abcd1234efgh" > /dev/null',
      'RUN rm /opt/blob.bin',
      'USER 1000:1000',
      'HEALTHCHECK CMD true',
    ].join('\n'),
  );
  docker(['build', '--network', 'none', '-q', '-t', TAG, ctx]);
  rmSync(ctx, { recursive: true, force: true });
  app = await adviseImage('vigil-test/bookworm:app', { docker: docker_ });
  planted = await adviseImage(TAG, { docker: docker_ });
});

after(() => {
  docker(['rmi', '-f', TAG]);
});

test('bookworm:app runs as root, ships setuid binaries, a shell and apt', () => {
  assert.equal(app.user, 'root');
  for (const id of ['root-user', 'no-healthcheck', 'setuid-setgid', 'shell', 'package-manager', 'caches-docs']) assert.ok(ids(app).includes(id), id);
  assert.ok(items(app, 'setuid-setgid').some((i) => i.startsWith('/usr/bin/passwd 4755')));
  assert.ok(items(app, 'package-manager').includes('/usr/bin/apt-get'));
});

test('bookworm:app: the docs its last layer deletes are bytes still shipped', () => {
  const deleted = app.advice.find((a) => a.id === 'deleted-in-later-layer')!;
  assert.ok(deleted.items.some((i) => i.startsWith('/usr/share/doc/')), deleted.items.slice(0, 3).join('\n'));
  assert.ok(deleted.bytes! > 1_000_000);
  assert.match(app.suggestedBase!.image, /distroless\/base-debian12/);
  assert.ok(app.suggestedBase!.estimatedSavedBytes > deleted.bytes! / 10);
});

test('planted secrets are found by kind, never by value', () => {
  const found = items(planted, 'secrets');
  assert.ok(found.includes('/root/.ssh/id_rsa: private key'), found.join('\n'));
  assert.ok(found.includes('ENV: credential DB_PASSWORD'), found.join('\n'));
  assert.ok(found.some((s) => /^history step \d+ \(RUN\): credential API_TOKEN$/.test(s)), found.join('\n'));
  assert.ok(!JSON.stringify(planted).includes('hunter2') && !JSON.stringify(planted).includes('abcd1234'));
});

test('a world-writable file and a blob deleted in a later layer are reported; USER and HEALTHCHECK fix theirs', () => {
  assert.deepEqual(items(planted, 'world-writable'), ['/opt/open.txt 666']);
  assert.ok(items(planted, 'deleted-in-later-layer').some((i) => i.startsWith('/opt/blob.bin ')));
  assert.equal(planted.user, '1000:1000');
  assert.ok(!ids(planted).includes('root-user') && !ids(planted).includes('no-healthcheck'));
});
