/** The host's account databases (/etc/passwd, /etc/group, /etc/shadow), parsed once per snapshot. */
import type { InventoryContext } from './collector.ts';
import { configLines, readHostText } from './root-files.ts';

export interface PasswdEntry {
  username: string;
  uid: number;
  gid: number;
  description: string;
  directory: string;
  shell: string;
}

export interface GroupEntry {
  groupname: string;
  gid: number;
  members: string[];
}

/** Colon-separated records with at least `fields` fields; malformed lines are warned about. */
async function records(ctx: InventoryContext, path: string, fields: number): Promise<string[][]> {
  const text = await readHostText(ctx, path);
  if (text === undefined) return [];
  const out: string[][] = [];
  for (const line of configLines(text)) {
    const f = line.split(':');
    // NIS compat entries (`+`, `-user`) are references, not accounts.
    if (f[0].startsWith('+') || f[0].startsWith('-')) continue;
    if (f.length < fields) ctx.warn(`${path}: malformed line skipped`);
    else out.push(f);
  }
  return out;
}

const toId = (s: string) => (/^\d+$/.test(s) ? Number(s) : -1);

export function passwd(ctx: InventoryContext): Promise<PasswdEntry[]> {
  return ctx.shared('passwd', async () =>
    (await records(ctx, '/etc/passwd', 7)).map(([username, , uid, gid, description, directory, shell]) => ({
      username,
      uid: toId(uid),
      gid: toId(gid),
      description,
      directory,
      shell,
    })),
  );
}

export function groups(ctx: InventoryContext): Promise<GroupEntry[]> {
  return ctx.shared('group', async () =>
    (await records(ctx, '/etc/group', 4)).map(([groupname, , gid, members]) => ({
      groupname,
      gid: toId(gid),
      members: members ? members.split(',').filter(Boolean) : [],
    })),
  );
}

/**
 * Password state per user from /etc/shadow, never the hash itself: `empty` (no password needed),
 * `locked` (`!`/`*` prefix), or `set`. Absent when shadow is unreadable.
 */
export function passwordStatus(ctx: InventoryContext): Promise<Map<string, 'empty' | 'locked' | 'set'>> {
  return ctx.shared('shadow', async () => {
    const status = new Map<string, 'empty' | 'locked' | 'set'>();
    for (const [user, hash] of await records(ctx, '/etc/shadow', 2)) {
      status.set(user, hash === '' ? 'empty' : hash.startsWith('!') || hash.startsWith('*') ? 'locked' : 'set');
    }
    return status;
  });
}

/** Username of a uid, or undefined. */
export async function userName(ctx: InventoryContext, uid: number): Promise<string | undefined> {
  const byUid = await ctx.shared('passwd-by-uid', async () => new Map((await passwd(ctx)).map((u) => [u.uid, u.username])));
  return byUid.get(uid);
}

/** Shells that do not give an interactive login. */
const NO_LOGIN = /(?:^|\/)(?:nologin|false|sync|halt|shutdown)$/;

export function isLoginShell(shell: string): boolean {
  return shell !== '' && !NO_LOGIN.test(shell);
}
