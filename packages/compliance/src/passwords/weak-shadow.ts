/**
 * White-box weak-password audit: every account's /etc/shadow hash is tried, on the host, against
 * its context guesses and the password lists, through the system's own crypt(3). Hashes and
 * passwords never leave this process: a result names the account, the method and where the
 * matching guess came from. Each account gets a CPU budget; the whole audit a CPU cap.
 */
import { hostname } from 'node:os';
import { CpuCap } from './cpu-cap.ts';
import { crypt, hashMethod, type HashMethod } from './crypt.ts';
import { DEFAULT_DICTIONARY_SIZE, candidates, contextGuesses, readLists, type CandidateSource } from './dictionary.ts';
import { readShadow } from './shadow.ts';

export interface ShadowAuditOptions {
  /** The shadow file (default /etc/shadow). */
  shadowPath?: string;
  /** Password lists, most common first. */
  dictionaries?: readonly string[];
  /** Candidates per account (default 48: under 1 s of CPU at yescrypt's default cost). */
  dictionarySize?: number;
  /** CPU time one account may take, ms (default 1000): slow hashes get fewer guesses, never more time. */
  cpuBudgetMs?: number;
  /** Share of one core the audit may use (default 50). */
  cpuPercent?: number;
  /** Host name for context guesses (default this host's). */
  host?: string;
  /** Only accounts this accepts (all when unset). */
  accounts?: (user: string) => boolean;
}

export type AccountVerdict = 'weak' | 'empty' | 'not-found' | 'locked' | 'unsupported';

export interface AccountResult {
  user: string;
  verdict: AccountVerdict;
  method?: HashMethod;
  /** Where the matching guess came from (weak accounts). */
  source?: CandidateSource;
  tried: number;
  cpuMs: number;
  /** The CPU budget ran out before the dictionary did. */
  budgetExhausted: boolean;
}

export async function auditShadow(opts: ShadowAuditOptions = {}): Promise<AccountResult[]> {
  const entries = (await readShadow(opts.shadowPath ?? '/etc/shadow')).filter((e) => !opts.accounts || opts.accounts(e.user));
  const size = opts.dictionarySize ?? DEFAULT_DICTIONARY_SIZE;
  const words = await readLists(opts.dictionaries ?? [], size);
  const budgetMicros = (opts.cpuBudgetMs ?? 1000) * 1000;
  const cap = new CpuCap(opts.cpuPercent ?? 50);
  const host = opts.host ?? hostname();
  const years = recentYears();
  const out: AccountResult[] = [];
  for (const entry of entries) {
    const base = { user: entry.user, tried: 0, cpuMs: 0, budgetExhausted: false };
    if (entry.state === 'empty') {
      out.push({ ...base, verdict: 'empty' });
      continue;
    }
    if (entry.state === 'locked') {
      out.push({ ...base, verdict: 'locked' });
      continue;
    }
    const method = hashMethod(entry.hash);
    if (!method || crypt('', entry.hash) === undefined) {
      out.push({ ...base, verdict: 'unsupported', ...(method ? { method } : {}) });
      continue;
    }
    const start = cap.cpuMicros();
    const result: AccountResult = { ...base, verdict: 'not-found', method };
    for (const c of candidates(contextGuesses(entry.user, host, years), words, size)) {
      if (cap.cpuMicros() - start >= budgetMicros) {
        result.budgetExhausted = true;
        break;
      }
      result.tried++;
      const hit = crypt(c.password, entry.hash) === entry.hash;
      await cap.pace();
      if (hit) {
        result.verdict = 'weak';
        result.source = c.source;
        break;
      }
    }
    result.cpuMs = Math.round((cap.cpuMicros() - start) / 1000);
    out.push(result);
  }
  return out;
}

/** This year and the two before: the years people put in passwords. */
function recentYears(): number[] {
  const y = new Date().getFullYear();
  return [y, y - 1, y - 2];
}
