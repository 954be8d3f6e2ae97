import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { kernelModulesCollector } from '../../../src/inventory/collectors/kernel-modules.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';

test('loaded modules from /proc/modules with size, users and state', async () => {
  const proc = await fixtureRoot({
    '/modules': 'nf_nat 57344 2 xt_MASQUERADE,nft_chain_nat, Live 0xffffffffc0a3c000\noverlay 151552 0 - Live 0x0000000000000000\nrootkit 16384 0 - Loading 0x0000000000000000 (OE)\n',
  });
  assert.deepEqual((await collectTable(kernelModulesCollector, { proc })).rows, [
    { name: 'nf_nat', size: 57344, used_by: 'xt_MASQUERADE,nft_chain_nat', status: 'Live', address: '0xffffffffc0a3c000' },
    { name: 'overlay', size: 151552, used_by: '', status: 'Live', address: '0x0000000000000000' },
    { name: 'rootkit', size: 16384, used_by: '', status: 'Loading', address: '0x0000000000000000' },
  ]);
});

test('a kernel without loadable modules has none', async () => {
  assert.deepEqual((await collectTable(kernelModulesCollector, { proc: join(await fixtureRoot({}), 'empty') })).rows, []);
});
