/**
 * Password candidates, most likely first: guesses from the account's own context (user name, host
 * name, years — what people actually pick: `alice123`, `Alice@2024`, `web01!`), then the lines of
 * password lists (`--dictionary`, in order). The default size is set by the CPU budget: at
 * yescrypt's default cost one guess takes ~17 ms of CPU here (bench/weak-passwords.ts), so 48
 * candidates stay under one second per account.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '@vigil/schema';

export const DEFAULT_DICTIONARY_SIZE = 48;

export type CandidateSource = 'user-name' | 'host-name' | 'list';

export interface Candidate {
  password: string;
  source: CandidateSource;
}

/**
 * Patterns over a name (`n`, capitalised `N`) and a year (`y`), in the order people choose them;
 * a small dictionary keeps the head of this list.
 */
const PATTERNS: readonly ((n: string, N: string, y: number) => string)[] = [
  (n) => n,
  (n) => `${n}123`,
  (_, N) => `${N}@123`,
  (n) => `${n}@123`,
  (_, N) => `${N}123`,
  (n, _, y) => `${n}${y}`,
  (_, N, y) => `${N}@${y}`,
  (n) => `${n}1234`,
  (n) => `${n}123456`,
  (_, N) => N,
  (n) => `${n}!`,
  (n) => `${n}1`,
  (n) => `${n}!@#`,
  (n) => `${n}${n}`,
  (n) => [...n].reverse().join(''),
  (n) => `${n}888`,
  (n) => `${n}666`,
];

/**
 * Context guesses for one account: each pattern over the user name and then the host name
 * before the next pattern; year patterns take the current year, then earlier `years`.
 */
export function contextGuesses(user: string, host: string, years: readonly number[]): Candidate[] {
  const names: [string, CandidateSource][] = [[user, 'user-name'], [host.split('.')[0], 'host-name']];
  const out: Candidate[] = [];
  for (const pattern of PATTERNS) {
    for (const [n, source] of names) {
      if (!n) continue;
      const N = n[0].toUpperCase() + n.slice(1);
      for (const y of pattern.length > 2 ? years : [0]) out.push({ password: pattern(n, N, y), source });
    }
  }
  return out;
}

/** Non-empty lines of password list files, first file first. */
export async function readLists(paths: readonly string[], limit: number): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let text: string;
    try {
      text = await readFile(p, 'utf8');
    } catch {
      throw new UserError(`cannot read password list ${p}`, 'ENOENT');
    }
    for (const line of text.split(/\r?\n/)) {
      if (line && out.length < limit) out.push(line);
    }
    if (out.length >= limit) break;
  }
  return out;
}

/** Context guesses ranked before list words, duplicates dropped, cut at `size`. */
export function candidates(context: readonly Candidate[], listWords: readonly string[], size: number): Candidate[] {
  // Interleave so a small dictionary still holds both the strongest context guesses and the most common words.
  const lists = listWords.map((password): Candidate => ({ password, source: 'list' }));
  const merged: Candidate[] = [];
  for (let i = 0; merged.length < size * 2 && (i < context.length || i < lists.length); i++) {
    if (i < context.length) merged.push(context[i]);
    if (i < lists.length) merged.push(lists[i]);
  }
  const seen = new Set<string>();
  return merged.filter((c) => !seen.has(c.password) && (seen.add(c.password), true)).slice(0, size);
}
