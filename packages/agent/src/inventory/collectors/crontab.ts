import { posix } from 'node:path';
import type { Collector, InventoryContext, Row } from '../collector.ts';
import { configLines, listHostDir, readHostText } from '../root-files.ts';

/** Per-user crontabs, by distro: Debian, RHEL, Alpine/BusyBox. */
const USER_SPOOLS = ['/var/spool/cron/crontabs', '/var/spool/cron', '/etc/crontabs'];
const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\s*=/;

/**
 * osquery `crontab`: /etc/crontab, /etc/cron.d/*, user spool crontabs. System files carry a user
 * field; a user crontab runs as its file's name. Also a `user` column osquery lacks.
 */
export const crontabCollector: Collector = {
  name: 'crontab',
  description: 'Scheduled tasks (cron) / 计划任务',
  async collect(ctx) {
    const rows: Row[] = [];
    await addFile(ctx, rows, '/etc/crontab', undefined);
    for (const e of await listHostDir(ctx, '/etc/cron.d')) {
      // cron ignores names with dots (package backups such as `.dpkg-dist`).
      if (!e.isDirectory() && !e.name.includes('.')) await addFile(ctx, rows, `/etc/cron.d/${e.name}`, undefined);
    }
    for (const spool of USER_SPOOLS) {
      for (const e of await listHostDir(ctx, spool)) {
        if (e.isFile() && !e.name.startsWith('.') && !e.name.startsWith('#')) await addFile(ctx, rows, posix.join(spool, e.name), e.name);
      }
    }
    return rows;
  },
};

async function addFile(ctx: InventoryContext, rows: Row[], path: string, owner: string | undefined): Promise<void> {
  const text = await readHostText(ctx, path);
  if (text === undefined) return;
  for (const line of configLines(text)) {
    if (ENV_ASSIGNMENT.test(line)) continue;
    const row = parseCronLine(line, owner === undefined);
    if (row) rows.push({ ...row, user: owner ?? row.user, path });
    else ctx.warn(`${path}: unrecognised cron line skipped`);
  }
}

/** A schedule line: five fields or an `@event`, then (system files) a user, then the command. */
export function parseCronLine(line: string, hasUser: boolean): Row | undefined {
  const f = line.split(/\s+/);
  const timeFields = f[0].startsWith('@') ? 1 : 5;
  const rest = f.slice(timeFields + (hasUser ? 1 : 0));
  if (rest.length === 0) return undefined;
  const schedule = f[0].startsWith('@')
    ? { event: f[0], minute: '', hour: '', day_of_month: '', month: '', day_of_week: '' }
    : { event: '', minute: f[0], hour: f[1], day_of_month: f[2], month: f[3], day_of_week: f[4] };
  // The command keeps its own spacing: cut the line after the leading fields.
  const lead = new RegExp(`^(?:\\S+\\s+){${timeFields + (hasUser ? 1 : 0)}}`);
  return { ...schedule, user: hasUser ? f[timeFields] : undefined, command: line.replace(lead, '') };
}
