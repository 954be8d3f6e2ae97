import { posix } from 'node:path';
import type { Collector, InventoryContext, Row } from '../collector.ts';
import { listHostDir, readHostText } from '../root-files.ts';

/** Nesting bound for include loops (sudo itself stops at 128). */
const MAX_DEPTH = 8;

/**
 * osquery `sudoers`: one row per rule or Defaults line of /etc/sudoers and the files it includes
 * (`@include`, `@includedir`, and their older `#` spellings). Line continuations are joined.
 */
export const sudoersCollector: Collector = {
  name: 'sudoers',
  description: 'sudo rules / sudo 授权规则',
  async collect(ctx) {
    const rows: Row[] = [];
    await readSudoers(ctx, '/etc/sudoers', rows, 0);
    return rows;
  },
};

async function readSudoers(ctx: InventoryContext, path: string, rows: Row[], depth: number): Promise<void> {
  if (depth > MAX_DEPTH) return ctx.warn(`sudoers: includes nested too deep at ${path}`);
  const text = await readHostText(ctx, path);
  if (text === undefined) return;
  for (const line of text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim())) {
    const include = /^[@#]include(dir)?\s+(.+)$/.exec(line);
    if (include) {
      const target = posix.resolve(posix.dirname(path), include[2].trim().replace(/^"|"$/g, ''));
      if (include[1]) {
        // sudo skips names ending in `~` or containing a dot (editor backups, .dpkg-old).
        for (const e of await listHostDir(ctx, target)) {
          if (!e.isDirectory() && !e.name.endsWith('~') && !e.name.includes('.')) await readSudoers(ctx, posix.join(target, e.name), rows, depth + 1);
        }
      } else await readSudoers(ctx, target, rows, depth + 1);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const [header, ...rest] = line.split(/\s+/);
    rows.push({ source: path, header, rule_details: rest.join(' ') });
  }
}
