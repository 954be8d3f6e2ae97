import { stat } from 'node:fs/promises';
import type { Collector, InventoryContext, Row } from '../collector.ts';
import { configLines, hostPath, listHostDir, readHostText } from '../root-files.ts';

const RUNLEVEL_DIRS = ['/etc/rc2.d', '/etc/rc3.d', '/etc/rc4.d', '/etc/rc5.d', '/etc/rcS.d'];

/**
 * osquery `startup_items` for what runs outside systemd units: SysV init scripts (enabled when an
 * `S` link in a runlevel directory starts them), rc.local, login-shell profile.d scripts, and
 * /etc/ld.so.preload libraries, which are loaded into every dynamically linked process.
 */
export const startupItemsCollector: Collector = {
  name: 'startup_items',
  description: 'Boot and login start-up items / 启动项',
  async collect(ctx) {
    const rows: Row[] = [];
    const started = new Set<string>();
    for (const dir of RUNLEVEL_DIRS) {
      for (const e of await listHostDir(ctx, dir)) {
        const m = /^S\d\d(.+)$/.exec(e.name);
        if (m) started.add(m[1]);
      }
    }
    for (const e of await listHostDir(ctx, '/etc/init.d')) {
      if (e.isDirectory() || e.name.startsWith('.') || e.name === 'README') continue;
      rows.push(item('init.d', e.name, `/etc/init.d/${e.name}`, started.has(e.name) ? 'enabled' : 'disabled'));
    }
    const rcLocal = await executable(ctx, '/etc/rc.local');
    if (rcLocal !== undefined) rows.push(item('rc.local', 'rc.local', '/etc/rc.local', rcLocal ? 'enabled' : 'disabled'));
    for (const e of await listHostDir(ctx, '/etc/profile.d')) {
      // Shells source only `*.sh` from profile.d.
      if (!e.isDirectory() && e.name.endsWith('.sh')) rows.push(item('profile.d', e.name, `/etc/profile.d/${e.name}`, 'enabled'));
    }
    const preload = await readHostText(ctx, '/etc/ld.so.preload');
    for (const lib of preload === undefined ? [] : configLines(preload).flatMap((l) => l.split(/[\s:]+/))) {
      rows.push(item('ld.so.preload', lib.split('/').pop() ?? lib, lib, 'enabled', '/etc/ld.so.preload'));
    }
    return rows;
  },
};

function item(type: string, name: string, path: string, status: string, source = path): Row {
  return { name, path, type, source, status };
}

/** Whether a host file is executable by its owner; undefined when absent. */
async function executable(ctx: InventoryContext, path: string): Promise<boolean | undefined> {
  try {
    return ((await stat(hostPath(ctx, path))).mode & 0o100) !== 0;
  } catch {
    return undefined;
  }
}
