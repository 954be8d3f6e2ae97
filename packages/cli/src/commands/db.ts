import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { type AdvisoryDb, type ImportSummary, defaultDbPath, importPaths, openAdvisoryDb, updateFromFeeds } from '@vigil/vulndb';

/** A database older than this is called out by `vigil db info`. */
const STALE_DAYS = 7;
/** Warnings printed per run; the rest are counted, and all are in `--format json`. */
const MAX_WARNINGS = 50;

type OutputFormat = 'table' | 'json';

/** Plain borders and headings: the tables are often piped or pasted. */
const newTable = (head: string[]) => new Table({ head, style: { head: [], border: [] } });

const dbOption = () => new Option('--db <file>', 'advisory database file / 漏洞库文件').default(defaultDbPath());
const formatOption = () =>
  new Option('--format <format>', 'output format / 输出格式').choices(['table', 'json']).default('table');

/** `vigil db import|update|info` */
export function registerDb(program: Command): void {
  const db = program.command('db').description('Manage the local vulnerability database / 管理本地漏洞库');

  db.command('import')
    .description('Import advisory files, directories or archives (OSV, Debian, Alpine, RustSec, nodejs-wg, Trivy) / 导入漏洞数据')
    .argument('<paths...>', 'files, directories, .zip or .tar.gz archives')
    .addOption(dbOption())
    .addOption(formatOption())
    .action(async (paths: string[], flags: { db: string; format: OutputFormat }) => {
      const summary = await withDb(flags.db, false, (adb) => withProgress((onProgress) => importPaths(adb, paths, { onProgress })));
      report(summary, flags.format);
    });

  db.command('update')
    .description('Download the public advisory feeds and import them / 下载并更新漏洞库')
    .addOption(dbOption())
    .option('--source <names...>', 'only these feeds: osv, debian, alpine, rustsec (or a feed id such as osv:PyPI)')
    .addOption(new Option('--mirror <url>', 'serve every feed from this base URL').env('VIGIL_FEED_BASE'))
    .addOption(formatOption())
    .action(async (flags: { db: string; source?: string[]; mirror?: string; format: OutputFormat }) => {
      const summary = await withDb(flags.db, false, (adb) =>
        withProgress((onProgress, onFeed) => updateFromFeeds(adb, { sources: flags.source, mirror: flags.mirror, onProgress, onFeed })),
      );
      report(summary, flags.format);
    });

  db.command('info')
    .description('Show what the database holds and how old it is / 显示漏洞库信息')
    .addOption(dbOption())
    .addOption(formatOption())
    .action(async (flags: { db: string; format: OutputFormat }) => {
      await withDb(flags.db, true, async (adb) => info(adb, flags.format));
    });
}

async function withDb<T>(path: string, readonly: boolean, work: (db: AdvisoryDb) => Promise<T>): Promise<T> {
  const db = openAdvisoryDb(path, { readonly });
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

type ProgressHandler = (p: { files: number; advisories: number; file: string }) => void;
type FeedHandler = (feed: { id: string }, index: number, total: number) => void;

/** A live counter on a terminal; nothing at all when stderr is piped. */
async function withProgress<T>(work: (onProgress?: ProgressHandler, onFeed?: FeedHandler) => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work();
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{feed}{value} files, {advisories} advisories', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Number.MAX_SAFE_INTEGER, 0, { feed: '', advisories: 0 });
  try {
    return await work(
      (p) => bar.update(p.files, { advisories: p.advisories }),
      (feed, i, total) => bar.update(0, { feed: `[${i + 1}/${total}] ${feed.id}: `, advisories: 0 }),
    );
  } finally {
    bar.stop();
  }
}

function report(summary: ImportSummary, format: OutputFormat): void {
  const shown = summary.errors.slice(0, MAX_WARNINGS);
  for (const e of shown) process.stderr.write(`vigil: warning: ${e.file}: ${e.message}\n`);
  if (summary.errors.length > shown.length) {
    process.stderr.write(`vigil: warning: … and ${summary.errors.length - shown.length} more (see --format json)\n`);
  }
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const table = newTable(['Source', 'Origin', 'Files', 'Advisories', 'Affected', 'Errors']);
  for (const s of summary.sources) table.push([s.name, s.origin, s.files, s.advisories, s.affected, s.errors.length]);
  process.stdout.write(`${table.toString()}\n`);
  for (const s of summary.sources) {
    for (const [reason, count] of Object.entries(s.skipped)) process.stdout.write(`${s.name}: skipped ${count} × ${reason}\n`);
  }
  process.stdout.write(
    `${summary.files} files read, ${summary.unrecognized} not advisory data, ${summary.errors.length} errors\n`,
  );
}

function info(db: AdvisoryDb, format: OutputFormat): void {
  const builtAt = db.builtAt();
  const ageDays = builtAt ? (Date.now() - Date.parse(builtAt)) / 86_400_000 : undefined;
  const stale = ageDays === undefined || ageDays > STALE_DAYS;
  const stats = db.stats();
  const sources = db.sources();
  if (format === 'json') {
    const doc = { path: db.path, builtAt, ageDays, stale, ...stats, sources };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  const sourceTable = newTable(['Source', 'Origin', 'Imported', 'Advisories', 'Affected']);
  for (const s of sources) sourceTable.push([s.name, s.origin, s.importedAt, s.advisories, s.affected]);
  const ecoTable = newTable(['Ecosystem', 'Packages', 'Affected rows']);
  for (const e of stats.ecosystems) ecoTable.push([e.ecosystem, e.packages, e.affected]);
  process.stdout.write(
    [
      `Database: ${db.path}`,
      `Built:    ${builtAt ?? 'never'}${ageDays === undefined ? '' : ` (${ageDays.toFixed(1)} days ago)`}`,
      `Advisories: ${stats.advisories} (${stats.withdrawn} withdrawn), affected rows: ${stats.affected}`,
      sourceTable.toString(),
      ecoTable.toString(),
      '',
    ].join('\n'),
  );
  if (stale) {
    process.stderr.write(
      `vigil: warning: the advisory database is ${builtAt ? `older than ${STALE_DAYS} days` : 'empty'}; run \`vigil db update\`\n`,
    );
  }
}
