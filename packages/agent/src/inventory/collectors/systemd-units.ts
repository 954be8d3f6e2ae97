import { readlink } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Collector, InventoryContext, Row } from '../collector.ts';
import { hostPath, listHostDir, readHostText } from '../root-files.ts';
import { parseUnitFile, unitValue, unitValues } from '../unit-file.ts';

/** systemd's unit search path for the system manager, highest precedence first. */
const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/local/lib/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];
const UNIT_NAME = /\.(?:service|socket|timer|target|path|mount|automount|swap)$/;

/**
 * osquery `systemd_units`, read from unit files rather than a running systemd so it works on
 * any root. `unit_file_state`: masked (linked to /dev/null), enabled (linked from a `.wants` or
 * `.requires` directory), static (no [Install] section), disabled. Timers carry their schedule.
 * Drop-ins (`<unit>.d/*.conf`, a template's included) are applied as systemd applies them, in
 * file-name order after the unit file, a name in a higher-precedence directory hiding the same
 * name below: a drop-in can replace ExecStart without touching the unit file FIM baselines.
 */
export const systemdUnitsCollector: Collector = {
  name: 'systemd_units',
  description: 'systemd units and timers / systemd 服务与定时器',
  async collect(ctx) {
    const fragments = new Map<string, { path: string; masked: boolean }>();
    const wantedBy = new Map<string, string[]>();
    const dropIns = new Map<string, Map<string, string>>();
    for (const dir of UNIT_DIRS) {
      for (const e of await listHostDir(ctx, dir)) {
        const path = posix.join(dir, e.name);
        if (e.isDirectory() && e.name.endsWith('.d') && UNIT_NAME.test(e.name.slice(0, -2))) {
          const confs = dropIns.get(e.name.slice(0, -2)) ?? new Map<string, string>();
          for (const conf of await listHostDir(ctx, path)) if (conf.name.endsWith('.conf') && !confs.has(conf.name)) confs.set(conf.name, posix.join(path, conf.name));
          dropIns.set(e.name.slice(0, -2), confs);
          continue;
        }
        if (e.isDirectory() && /\.(?:wants|requires)$/.test(e.name)) {
          for (const link of await listHostDir(ctx, path)) {
            wantedBy.set(link.name, [...(wantedBy.get(link.name) ?? []), e.name.replace(/\.(?:wants|requires)$/, '')]);
          }
          continue;
        }
        if (!UNIT_NAME.test(e.name) || fragments.has(e.name)) continue;
        const target = e.isSymbolicLink() ? await linkTarget(ctx, path) : path;
        if (target === '/dev/null') fragments.set(e.name, { path, masked: true });
        // A link to a unit of another name is an alias; the unit itself is listed under its own name.
        else if (target && posix.basename(target) === e.name) fragments.set(e.name, { path: target, masked: false });
      }
    }
    const rows: Row[] = [];
    for (const [id, fragment] of [...fragments].sort(([a], [b]) => (a < b ? -1 : 1))) {
      rows.push(fragment.masked ? { id, unit_file_state: 'masked', fragment_path: fragment.path } : await unitRow(ctx, id, fragment.path, wantedBy, dropIns));
    }
    // Enabled template instances (getty@tty1.service) are listed with their template's file.
    for (const [id, targets] of wantedBy) {
      const template = id.replace(/@[^.]+(\.\w+)$/, '@$1');
      if (!fragments.has(id) && template !== id && fragments.has(template)) {
        rows.push({ ...(await unitRow(ctx, id, fragments.get(template)!.path, wantedBy, dropIns, template)), wanted_by: targets, unit_file_state: 'enabled' });
      }
    }
    return rows;
  },
};

/** A symlink's target as a host path (absolute targets are inside the root, not this machine). */
async function linkTarget(ctx: InventoryContext, path: string): Promise<string | undefined> {
  try {
    return posix.resolve(posix.dirname(path), await readlink(hostPath(ctx, path)));
  } catch {
    return undefined;
  }
}

/** The unit's drop-in files in the order systemd applies them: the template's, then its own, by name. */
function dropInPaths(dropIns: Map<string, Map<string, string>>, id: string, template?: string): string[] {
  const merged = new Map([...(template ? (dropIns.get(template) ?? []) : []), ...(dropIns.get(id) ?? [])]);
  return [...merged].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, path]) => path);
}

async function unitRow(ctx: InventoryContext, id: string, path: string, wantedBy: Map<string, string[]>, dropIns: Map<string, Map<string, string>>, template?: string): Promise<Row> {
  const confs = dropInPaths(dropIns, id, template);
  // A drop-in re-opens sections; an empty assignment in it resets a list: concatenation is exact.
  const texts = await Promise.all([path, ...confs].map(async (p) => (await readHostText(ctx, p)) ?? ''));
  const unit = parseUnitFile(texts.join('\n'));
  const wanted = wantedBy.get(id) ?? wantedBy.get(template ?? '') ?? [];
  const state = wanted.length ? 'enabled' : unit.has('Install') ? 'disabled' : 'static';
  const row: Row = {
    id,
    description: unitValue(unit, 'Unit', 'Description') ?? '',
    unit_file_state: state,
    fragment_path: path,
    wanted_by: wanted,
    exec_start: unitValues(unit, 'Service', 'ExecStart'),
    user: unitValue(unit, 'Service', 'User') ?? null,
    drop_ins: confs,
  };
  if (id.endsWith('.timer')) {
    row.on_calendar = unitValues(unit, 'Timer', 'OnCalendar');
    row.on_boot_sec = unitValue(unit, 'Timer', 'OnBootSec') ?? null;
    row.on_unit_active_sec = unitValue(unit, 'Timer', 'OnUnitActiveSec') ?? null;
    row.unit = unitValue(unit, 'Timer', 'Unit') ?? id.replace(/\.timer$/, '.service');
  }
  return row;
}
