import { stat } from 'node:fs/promises';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { type InventorySnapshot, collectInventory, tableNames } from '@vigil/agent';
import { UserError } from '@vigil/schema';

type OutputFormat = 'table' | 'json';
/** Table cells are cut here; `--format json` keeps every value whole. */
const MAX_CELL = 80;
/** No rule between rows: inventories are long. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** `vigil agent inventory`: one snapshot of the host's assets. */
export function registerAgentInventory(agent: Command): void {
  agent
    .command('inventory')
    .description('Print the host asset inventory (accounts, processes, ports, packages, containers …) / 输出主机资产清单')
    .addOption(new Option('--format <format>', 'output format / 输出格式').choices(['table', 'json']).default('table'))
    .option('--root <dir>', 'host root for files (a mounted disk or image); processes and containers stay live / 主机根目录', '/')
    .option('--table <names...>', `only these tables / 仅这些表: ${tableNames().join(', ')}`)
    .action(async (flags: { format: OutputFormat; root: string; table?: string[] }) => {
      const unknown = (flags.table ?? []).filter((t) => !tableNames().includes(t));
      if (unknown.length) throw new UserError(`unknown table ${unknown.join(', ')} (known: ${tableNames().join(', ')})`, 'BAD_INPUT');
      await checkRoot(flags.root);
      const snapshot = await collectInventory({ root: flags.root, tables: flags.table });
      for (const [name, t] of Object.entries(snapshot.tables)) {
        if ('error' in t) process.stderr.write(`vigil: warning: ${name}: ${t.error}\n`);
      }
      process.stdout.write(flags.format === 'json' ? `${JSON.stringify(snapshot, null, 2)}\n` : render(snapshot));
    });
}

async function checkRoot(root: string): Promise<void> {
  const st = await stat(root).catch(() => undefined);
  if (!st) throw new UserError(`no such directory: ${root}`, 'ENOENT');
  if (!st.isDirectory()) throw new UserError(`not a directory: ${root}`, 'BAD_INPUT');
}

function render(snapshot: InventorySnapshot): string {
  const out = [`Inventory of ${snapshot.root} at ${snapshot.time} (agent ${snapshot.agent_version})`, ''];
  for (const [name, t] of Object.entries(snapshot.tables)) {
    if ('error' in t) {
      out.push(`${name}: error: ${t.error}`, '');
      continue;
    }
    out.push(`${name} (${t.rows.length})`);
    const columns = [...new Set(t.rows.flatMap((r) => Object.keys(r)))];
    if (t.rows.length) {
      const table = new Table({ head: columns, style: { head: [], border: [] }, chars: COMPACT });
      for (const r of t.rows) table.push(columns.map((c) => cell(r[c])));
      out.push(table.toString());
    }
    for (const w of t.warnings) out.push(`  warning: ${w}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function cell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : Array.isArray(value)
        ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}
