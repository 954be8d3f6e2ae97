import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sudoersCollector } from '../../../src/inventory/collectors/sudoers.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';

test('rules and Defaults of sudoers and the files it includes; backups in includedir are skipped', async () => {
  const root = await fixtureRoot({
    '/etc/sudoers': 'Defaults\tenv_reset\nroot\tALL=(ALL:ALL) ALL\n%sudo ALL=(ALL:ALL) \\\n  ALL\n@includedir /etc/sudoers.d\n#include extra\n',
    '/etc/sudoers.d/alice': 'alice ALL=(ALL) NOPASSWD: ALL\n',
    '/etc/sudoers.d/alice~': 'alice ALL=(ALL) NOPASSWD: /bin/sh\n',
    '/etc/sudoers.d/README.txt': 'mallory ALL=(ALL) ALL\n',
    '/etc/extra': 'bob ALL=/usr/bin/apt\n',
  });
  assert.deepEqual((await collectTable(sudoersCollector, { root })).rows, [
    { source: '/etc/sudoers', header: 'Defaults', rule_details: 'env_reset' },
    { source: '/etc/sudoers', header: 'root', rule_details: 'ALL=(ALL:ALL) ALL' },
    { source: '/etc/sudoers', header: '%sudo', rule_details: 'ALL=(ALL:ALL) ALL' },
    { source: '/etc/sudoers.d/alice', header: 'alice', rule_details: 'ALL=(ALL) NOPASSWD: ALL' },
    { source: '/etc/extra', header: 'bob', rule_details: 'ALL=/usr/bin/apt' },
  ]);
});

test('an include loop stops with a warning', async () => {
  const root = await fixtureRoot({ '/etc/sudoers': 'root ALL=(ALL) ALL\n@include /etc/sudoers\n' });
  const { rows, warnings } = await collectTable(sudoersCollector, { root });
  assert.ok(rows.length > 1);
  assert.match(warnings[0], /nested too deep/);
});
