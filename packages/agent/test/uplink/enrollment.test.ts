import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UserError } from '@vigil/schema';
import { Backoff } from '../../src/spool/backoff.ts';
import { CREDENTIAL_FILE, enroll, normaliseServerUrl } from '../../src/uplink/enrollment.ts';
import { ProtocolServer } from './protocol-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'vagt-enroll-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const host = { id: 'host-enroll', name: 'h' };
const noToken = () => Promise.reject(new Error('the token must not be read again'));

describe('enroll', () => {
  it('trades the token for a credential once, kept 0600 in the state dir', async () => {
    const server = new ProtocolServer();
    server.tokens.add('tok-1');
    await server.up();
    try {
      const state = join(dir, 'once');
      const cred = await enroll({ server: `${server.url}/`, token: async () => 'tok-1\n', host, version: '0.1.0', stateDir: state });
      assert.equal(cred.agent_id, 'agent-1');
      assert.equal(cred.server, server.url, 'one spelling of the server URL');
      assert.equal(statSync(join(state, CREDENTIAL_FILE)).mode & 0o777, 0o600);
      assert.equal(JSON.parse(readFileSync(join(state, CREDENTIAL_FILE), 'utf8')).credential, server.agents.get('agent-1')!.credential);
      const again = await enroll({ server: server.url, token: noToken, host, version: '0.1.0', stateDir: state });
      assert.deepEqual(again, cred);
      assert.equal(server.enrollments, 1);
    } finally {
      await server.down();
    }
  });

  it('a refused token is a user error', async () => {
    const server = new ProtocolServer();
    await server.up();
    try {
      await assert.rejects(
        enroll({ server: server.url, token: async () => 'wrong', host, version: '0.1.0', stateDir: join(dir, 'refused') }),
        (e: Error) => e instanceof UserError && e.code === 'ENROLL_REFUSED' && /wrong or expired \(HTTP 401\)/.test(e.message),
      );
    } finally {
      await server.down();
    }
  });

  it('keeps trying while the server is not up yet', async () => {
    const server = new ProtocolServer();
    server.tokens.add('tok-2');
    await server.up();
    await server.down(); // the port is known, nothing listens
    const warnings: string[] = [];
    const pending = enroll({ server: server.url, token: async () => 'tok-2', host, version: '0.1.0', stateDir: join(dir, 'late'), backoff: new Backoff({ initialMs: 20, maxMs: 50 }), onWarn: (m) => warnings.push(m) });
    await new Promise((r) => setTimeout(r, 200));
    await server.up();
    try {
      assert.equal((await pending).agent_id, 'agent-1');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /ECONNREFUSED; retrying with backoff/);
    } finally {
      await server.down();
    }
  });

  it('refuses what is not an http(s) URL', () => {
    assert.throws(() => normaliseServerUrl('ftp://x'), UserError);
    assert.throws(() => normaliseServerUrl('not a url'), UserError);
  });
});
