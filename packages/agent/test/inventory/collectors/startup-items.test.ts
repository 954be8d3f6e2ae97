import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startupItemsCollector } from '../../../src/inventory/collectors/startup-items.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';

test('init.d scripts (enabled by an S link), rc.local, profile.d scripts and ld.so.preload libraries', async () => {
  const root = await fixtureRoot({
    '/etc/init.d/ssh': { text: '#!/bin/sh\n', mode: 0o755 },
    '/etc/init.d/old': { text: '#!/bin/sh\n', mode: 0o755 },
    '/etc/rc2.d/S01ssh': { link: '../init.d/ssh' },
    '/etc/rc.local': { text: '#!/bin/sh\n/opt/x &\n', mode: 0o755 },
    '/etc/profile.d/proxy.sh': 'export http_proxy=http://evil.invalid\n',
    '/etc/profile.d/README': 'not sourced\n',
    '/etc/ld.so.preload': '# hooks\n/usr/lib/libhide.so\n',
  });
  const { rows } = await collectTable(startupItemsCollector, { root });
  assert.deepEqual(rows, [
    { name: 'old', path: '/etc/init.d/old', type: 'init.d', source: '/etc/init.d/old', status: 'disabled' },
    { name: 'ssh', path: '/etc/init.d/ssh', type: 'init.d', source: '/etc/init.d/ssh', status: 'enabled' },
    { name: 'rc.local', path: '/etc/rc.local', type: 'rc.local', source: '/etc/rc.local', status: 'enabled' },
    { name: 'proxy.sh', path: '/etc/profile.d/proxy.sh', type: 'profile.d', source: '/etc/profile.d/proxy.sh', status: 'enabled' },
    { name: 'libhide.so', path: '/usr/lib/libhide.so', type: 'ld.so.preload', source: '/etc/ld.so.preload', status: 'enabled' },
  ]);
});

test('an rc.local that is not executable does not run', async () => {
  const root = await fixtureRoot({ '/etc/rc.local': { text: 'exit 0\n', mode: 0o644 } });
  assert.deepEqual((await collectTable(startupItemsCollector, { root })).rows.map((r) => r.status), ['disabled']);
});
