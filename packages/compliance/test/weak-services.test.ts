/**
 * Weak service credentials against the real services on this machine's loopback — Redis without
 * auth (6379), MariaDB root with an empty password (3306), PostgreSQL trust authentication (5432) —
 * plus what this test starts or creates itself: Redis servers with a weak and a strong
 * requirepass, and a MariaDB account `vcmp_db` with a weak password.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { checkService } from '../src/passwords/services.ts';

const GUESSES = ['123456', 'password', 'redis123', 'admin'];
const base = 20000 + (process.pid % 10000);
const WEAK_REDIS = base;
const STRONG_REDIS = base + 1;
const redis: ChildProcess[] = [];

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

before(async () => {
  for (const [port, pass] of [[WEAK_REDIS, 'redis123'], [STRONG_REDIS, 'Zq8-vigil-strong-Lm2']] as const) {
    redis.push(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', pass, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }));
  }
  for (let i = 0; i < 100 && !((await listening(WEAK_REDIS)) && (await listening(STRONG_REDIS))); i++) await new Promise((r) => setTimeout(r, 50));
  execFileSync('mysql', ['-h', '127.0.0.1', '-uroot', '-e', "DROP USER IF EXISTS 'vcmp_db'@'127.0.0.1'; CREATE USER 'vcmp_db'@'127.0.0.1' IDENTIFIED BY 'password'"]);
});

after(() => {
  for (const r of redis) r.kill('SIGKILL');
  spawnSync('mysql', ['-h', '127.0.0.1', '-uroot', '-e', "DROP USER IF EXISTS 'vcmp_db'@'127.0.0.1'"]);
});

test('Redis on 6379 answers PING without AUTH', async () => {
  const [f] = await checkService('redis', { passwords: GUESSES });
  assert.equal(f.verdict, 'no-auth', f.detail);
});

test('a guessable requirepass is found, a strong one is not', async () => {
  const [weak] = await checkService('redis', { port: WEAK_REDIS, passwords: GUESSES });
  assert.equal(weak.verdict, 'weak', weak.detail);
  assert.ok(!weak.detail.includes('redis123'), 'the password itself is never reported');
  const [strong] = await checkService('redis', { port: STRONG_REDIS, passwords: GUESSES });
  assert.equal(strong.verdict, 'ok', strong.detail);
});

test('MariaDB: root has an empty password, vcmp_db a dictionary one, a missing account is ok', async () => {
  const found = await checkService('mysql', { users: ['root', 'vcmp_db', 'vcmp_absent'], passwords: GUESSES });
  assert.deepEqual(found.map((f) => [f.user, f.verdict]), [['root', 'empty'], ['vcmp_db', 'weak'], ['vcmp_absent', 'ok']]);
});

test('PostgreSQL on loopback accepts any password: trust authentication', async () => {
  const [f] = await checkService('postgres', { passwords: GUESSES });
  assert.equal(f.verdict, 'trust', f.detail);
});

test('a port nothing listens on is unreachable, not a finding', async () => {
  const [f] = await checkService('redis', { port: base + 2, passwords: GUESSES });
  assert.equal(f.verdict, 'unreachable');
});
