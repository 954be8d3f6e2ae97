import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usersCollector } from '../../../src/inventory/collectors/users.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';
import { utmpRecord } from '../wtmp-fixture.ts';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'toor:x:0:0:backdoor:/root:/bin/sh',
  'alice:x:1001:1001:Alice,,,:/home/alice:/bin/bash',
  '+::::::',
  '',
].join('\n');
const SHADOW = 'root:!:19000:0:99999:7:::\ndaemon:*:19000::::::\ntoor::19000::::::\nalice:$y$j9T$abc$def:19000:0:99999:7:::\n';

test('accounts with uid 0, login shells, password state and last login', async () => {
  const login = 1_700_000_000;
  const root = await fixtureRoot({
    '/etc/passwd': PASSWD,
    '/etc/shadow': SHADOW,
    '/var/log/wtmp': Buffer.concat([
      utmpRecord({ type: 7, pid: 10, tty: 'pts/0', user: 'alice', host: '203.0.113.9', time: login - 100 }),
      utmpRecord({ type: 7, pid: 11, tty: 'pts/1', user: 'alice', host: '198.51.100.7', time: login }),
      utmpRecord({ type: 8, pid: 11, tty: 'pts/1', user: '', host: '', time: login + 5 }),
    ]),
  });
  const { rows, warnings } = await collectTable(usersCollector, { root });
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    rows.map((r) => [r.username, r.uid, r.is_uid0, r.login_shell, r.password_status]),
    [
      ['root', 0, true, true, 'locked'],
      ['daemon', 1, false, false, 'locked'],
      ['toor', 0, true, true, 'empty'],
      ['alice', 1001, false, true, 'set'],
    ],
  );
  const alice = rows.find((r) => r.username === 'alice')!;
  assert.equal(alice.directory, '/home/alice');
  assert.equal(alice.description, 'Alice,,,');
  assert.equal(alice.last_login, new Date(login * 1000).toISOString());
  assert.equal(alice.last_login_host, '198.51.100.7');
  assert.equal(rows.find((r) => r.username === 'root')!.last_login, null);
});

test('a malformed passwd line is a warning; without shadow the password state is unknown', async () => {
  const root = await fixtureRoot({ '/etc/passwd': 'broken line\nbob:x:1002:1002::/home/bob:/bin/sh\n' });
  const { rows, warnings } = await collectTable(usersCollector, { root });
  assert.deepEqual(rows.map((r) => [r.username, r.password_status]), [['bob', null]]);
  assert.deepEqual(warnings, ['/etc/passwd: malformed line skipped']);
});
