import assert from 'node:assert/strict';
import { test } from 'node:test';
import { osVersionCollector } from '../../../src/inventory/collectors/os-version.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';

test('os_version from os-release', async () => {
  const root = await fixtureRoot({
    '/etc/os-release': 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\n',
  });
  assert.deepEqual((await collectTable(osVersionCollector, { root })).rows, [
    { name: 'Ubuntu 22.04.4 LTS', platform: 'ubuntu', platform_like: 'debian', version: '22.04', major: '22', minor: '04', patch: '', codename: 'jammy' },
  ]);
});

test('no release file: no row', async () => {
  assert.deepEqual((await collectTable(osVersionCollector, { root: await fixtureRoot({}) })).rows, []);
});
