/** Test support: a temporary host root built from a map of files, and one-table inventories of it. */
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { type Collector, type Row, collectInventory } from '../../src/index.ts';

export type FixtureEntry = string | Buffer | { link: string } | { text: string; mode: number };

/** A temp root holding `files` (host paths → content or symlink); removed after the test file. */
export async function fixtureRoot(files: Record<string, FixtureEntry>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'vigil-inventory-'));
  after(() => rm(root, { recursive: true, force: true }));
  for (const [path, entry] of Object.entries(files)) {
    const abs = join(root, path);
    await mkdir(dirname(abs), { recursive: true });
    if (typeof entry === 'object' && 'link' in entry) await symlink(entry.link, abs);
    else if (typeof entry === 'object' && 'mode' in entry) {
      await writeFile(abs, entry.text);
      await chmod(abs, entry.mode);
    } else await writeFile(abs, entry);
  }
  return root;
}

/** Rows and warnings of one collector run the way a snapshot runs it; a table error fails the test. */
export async function collectTable(collector: Collector, opts: { root?: string; proc?: string; dockerSocket?: string } = {}): Promise<{ rows: Row[]; warnings: string[] }> {
  const snapshot = await collectInventory({ ...opts, collectors: [collector] });
  const table = snapshot.tables[collector.name];
  if ('error' in table) throw new Error(`${collector.name}: ${table.error}`);
  return table;
}
