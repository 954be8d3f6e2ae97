import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { storeContract } from '../test-support/store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const paths = new WeakMap<object, string>();

storeContract('sqlite', {
  async open() {
    const path = join(dir, `s${n++}.sqlite`);
    const store = new SqliteStore(path);
    paths.set(store, path);
    return store;
  },
  async reopen(store) {
    return new SqliteStore(paths.get(store)!);
  },
});
