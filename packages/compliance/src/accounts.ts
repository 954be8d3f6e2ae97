/** /etc/passwd and /etc/group of the target, read once per run. */
import { readFile } from 'node:fs/promises';
import type { ComplianceContext } from './context.ts';

export interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export interface Group {
  name: string;
  gid: number;
  members: string[];
}

export function accounts(ctx: ComplianceContext): Promise<Account[]> {
  return ctx.shared('passwd', async () =>
    (await colonFile(ctx, '/etc/passwd')).map((f) => ({ name: f[0], uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '', shell: f[6] ?? '' })),
  );
}

export function groups(ctx: ComplianceContext): Promise<Group[]> {
  return ctx.shared('group', async () =>
    (await colonFile(ctx, '/etc/group')).map((f) => ({ name: f[0], gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) })),
  );
}

export async function userName(ctx: ComplianceContext, uid: number): Promise<string | undefined> {
  return (await accounts(ctx)).find((a) => a.uid === uid)?.name;
}

export async function groupName(ctx: ComplianceContext, gid: number): Promise<string | undefined> {
  return (await groups(ctx)).find((g) => g.gid === gid)?.name;
}

async function colonFile(ctx: ComplianceContext, path: string): Promise<string[][]> {
  const text = await readFile(ctx.path(path), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(':'));
}
