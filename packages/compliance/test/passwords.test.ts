/**
 * Weak passwords: libxcrypt's crypt(3) agrees with Debian's mkpasswd and openssl passwd on every
 * method; host users created here with weak yescrypt and sha512crypt passwords are found, strong
 * ones are not; the CPU cap and the per-account budget hold.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { auditShadow, type AccountResult } from '../src/passwords/weak-shadow.ts';
import { crypt, hashMethod } from '../src/passwords/crypt.ts';
import { candidates, contextGuesses } from '../src/passwords/dictionary.ts';
import { parseShadow } from '../src/passwords/shadow.ts';
import { CpuCap, type CapClock } from '../src/passwords/cpu-cap.ts';
import { corpus } from '../../schema/test-support/corpora.ts';

const SSH_TOP20 = corpus('passwords/seclists-top-20-common-SSH-passwords.txt');
const strong = () => randomBytes(18).toString('base64');

/** Test accounts: name → [mkpasswd method, password, weak?]. */
const USERS: Record<string, [string, string, boolean]> = {
  vcmp_wy: ['yescrypt', 'vcmp_wy123', true], // a guess from the user name
  vcmp_ws: ['sha-512', 'raspberry', true], // a word of the SSH top-20 list
  vcmp_sy: ['yescrypt', strong(), false],
  vcmp_ss: ['sha-512', strong(), false],
};

test('crypt(3) reproduces mkpasswd and openssl passwd hashes for every method', () => {
  const oracles: [string, string[]][] = [
    ['yescrypt', ['mkpasswd', '-m', 'yescrypt']],
    ['sha512crypt', ['mkpasswd', '-m', 'sha-512']],
    ['sha256crypt', ['mkpasswd', '-m', 'sha-256']],
    ['md5crypt', ['mkpasswd', '-m', 'md5crypt']],
    ['bcrypt', ['mkpasswd', '-m', 'bcrypt']],
    ['descrypt', ['mkpasswd', '-m', 'descrypt']],
    ['sha512crypt', ['openssl', 'passwd', '-6']],
    ['sha256crypt', ['openssl', 'passwd', '-5']],
    ['md5crypt', ['openssl', 'passwd', '-1']],
  ];
  for (const [method, cmd] of oracles) {
    const hash = execFileSync(cmd[0], [...cmd.slice(1), 'Secret-1'], { encoding: 'utf8' }).trim();
    assert.equal(hashMethod(hash), method, hash);
    assert.equal(crypt('Secret-1', hash), hash, `${cmd.join(' ')}: ${hash}`);
    assert.notEqual(crypt('secret-1', hash), hash);
  }
});

test('shadow fields: a hash, an empty password, locked accounts', () => {
  const entries = parseShadow('a:$6$s$h:1::::::\nb::1::::::\nc:!$y$j9T$x$y:1::::::\nd:*:1::::::\n');
  assert.deepEqual(entries.map((e) => [e.user, e.state]), [['a', 'hash'], ['b', 'empty'], ['c', 'locked'], ['d', 'locked']]);
});

test('context guesses put the user and host names first and keep list words in a small dictionary', () => {
  const ctx = contextGuesses('alice', 'web01.example.com', [2026]);
  assert.deepEqual(ctx.slice(0, 4).map((c) => c.password), ['alice', 'web01', 'alice123', 'web01123']);
  const picked = candidates(ctx, ['123456', 'password'], 6);
  assert.deepEqual(picked.map((c) => c.password), ['alice', '123456', 'web01', 'password', 'alice123', 'web01123']);
});

test('the CPU cap sleeps until CPU time is within its share of wall time', async () => {
  let cpu = 0;
  let wall = 0;
  const slept: number[] = [];
  const clock: CapClock = { cpuMicros: () => cpu, wallMicros: () => wall, sleep: async (ms) => void slept.push(ms) };
  const cap = new CpuCap(25, clock);
  cpu = 100_000; // 100 ms of CPU in 100 ms of wall time: at 25 % it is due at 400 ms
  wall = 100_000;
  await cap.pace();
  assert.deepEqual(slept, [300]);
  wall = 500_000; // already past due: no sleep
  await cap.pace();
  assert.deepEqual(slept, [300]);
});

let results: Map<string, AccountResult>;

before(async () => {
  for (const [user, [method, password]] of Object.entries(USERS)) {
    spawnSync('userdel', [user]);
    execFileSync('useradd', ['-M', '-s', '/usr/sbin/nologin', user]);
    const hash = execFileSync('mkpasswd', ['-m', method, password], { encoding: 'utf8' }).trim();
    execFileSync('usermod', ['-p', hash, user]);
  }
  const found = await auditShadow({ dictionaries: [SSH_TOP20], accounts: (u) => u in USERS, cpuPercent: 50 });
  results = new Map(found.map((r) => [r.user, r]));
});

after(() => {
  for (const user of Object.keys(USERS)) spawnSync('userdel', [user]);
});

for (const [user, [method, , weak]] of Object.entries(USERS)) {
  test(`${user} (${method}) is ${weak ? 'found weak' : 'not found'}`, () => {
    const r = results.get(user)!;
    assert.equal(r.verdict, weak ? 'weak' : 'not-found', JSON.stringify(r));
    assert.equal(r.method, method === 'yescrypt' ? 'yescrypt' : 'sha512crypt');
    if (weak) assert.equal(r.source, user === 'vcmp_wy' ? 'user-name' : 'list');
    else assert.ok(r.tried > 0 && !JSON.stringify(r).includes(USERS[user][1]));
  });
}

test('a per-account CPU budget stops the dictionary early', async () => {
  const [r] = await auditShadow({ dictionaries: [SSH_TOP20], accounts: (u) => u === 'vcmp_sy', cpuBudgetMs: 1, dictionarySize: 40 });
  assert.equal(r.budgetExhausted, true);
  assert.ok(r.tried < 40, `tried ${r.tried}`);
});
