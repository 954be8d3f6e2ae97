/** /etc/shadow entries of the target: who has a password hash, who has none, who is locked. */
import { readFile } from 'node:fs/promises';
import { UserError } from '@vigil/schema';

export type ShadowState = 'hash' | 'empty' | 'locked';

export interface ShadowEntry {
  user: string;
  state: ShadowState;
  /** The hash (without the lock prefix); stays in this process, never in a report. */
  hash: string;
}

export function parseShadow(text: string): ShadowEntry[] {
  const out: ShadowEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [user, field = ''] = line.split(':');
    if (!user) continue;
    // `!`/`*` prefixes lock an account (a locked hash cannot log in by password); empty logs in with none.
    if (field === '') out.push({ user, state: 'empty', hash: '' });
    else if (field.startsWith('!') || field.startsWith('*')) out.push({ user, state: 'locked', hash: field.replace(/^!+/, '') });
    else out.push({ user, state: 'hash', hash: field });
  }
  return out;
}

export async function readShadow(path: string): Promise<ShadowEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${path} (${code}${code === 'EACCES' ? ': weak-password checks need root' : ''})`, 'IO');
  }
  return parseShadow(text);
}
