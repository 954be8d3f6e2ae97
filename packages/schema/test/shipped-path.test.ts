import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findShippedPath } from '../src/shipped-path.ts';

test('a shipped path is found from any depth below it, the nearest first, and not where there is none', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-shipped-'));
  try {
    const deep = join(root, 'packages/cli/dist/chunks');
    mkdirSync(deep, { recursive: true });
    assert.equal(findShippedPath(deep, 'rules/yara'), undefined);
    mkdirSync(join(root, 'rules/yara'), { recursive: true });
    assert.equal(findShippedPath(deep, 'rules/yara'), join(root, 'rules/yara'));
    assert.equal(findShippedPath(join(root, 'packages/cli'), 'rules/yara'), join(root, 'rules/yara'));
    mkdirSync(join(root, 'packages/cli/rules/yara'), { recursive: true });
    assert.equal(findShippedPath(deep, 'rules/yara'), join(root, 'packages/cli/rules/yara'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
