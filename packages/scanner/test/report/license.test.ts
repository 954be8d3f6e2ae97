import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyLicense, spdxId } from '../../src/report/license.ts';

test('SPDX ids are recognised and spelled as the list spells them', () => {
  assert.deepEqual(classifyLicense('MIT'), { kind: 'id', id: 'MIT' });
  assert.deepEqual(classifyLicense(' apache-2.0 '), { kind: 'id', id: 'Apache-2.0' });
  assert.equal(spdxId('GPL-2.0-or-later'), 'GPL-2.0-or-later');
  assert.equal(spdxId('Apache 2.0'), undefined);
});

test('license expressions over list ids and LicenseRefs', () => {
  for (const e of [
    'MIT OR Apache-2.0',
    '(MIT AND BSD-3-Clause) OR GPL-2.0-only',
    'GPL-2.0-or-later WITH Classpath-exception-2.0',
    'LGPL-2.1+ AND LicenseRef-Proprietary',
    'DocumentRef-other:LicenseRef-X OR MIT',
  ]) {
    assert.deepEqual(classifyLicense(e), { kind: 'expression', expression: e }, e);
  }
});

test('anything else is a free-text name', () => {
  for (const n of ['Apache 2.0', 'GPLv3+', 'MIT AND', '(MIT', 'MIT OR NotALicense', 'BSD-style', 'MIT WITH', 'public domain']) {
    assert.deepEqual(classifyLicense(n), { kind: 'name', name: n }, n);
  }
});
