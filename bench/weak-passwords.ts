/**
 * bench/weak-passwords: CPU per account of the default weak-password dictionary (48 candidates:
 * context guesses + the corpora's password lists), for accounts whose password is not in it — the
 * worst case, every candidate tried. Hashes are made here with each method's default cost
 * (mkpasswd), written to a temp shadow file, and audited at 100 % of a core so the figure is
 * pure CPU. Beside it the baseline measured in the same process: one crypt(3) of the same hash
 * times the dictionary size. Goal: ≤ 1 s of CPU per account.
 *   node --import tsx bench/weak-passwords.ts [--accounts N]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditShadow } from '../packages/compliance/src/passwords/weak-shadow.ts';
import { crypt } from '../packages/compliance/src/passwords/crypt.ts';
import { DEFAULT_DICTIONARY_SIZE } from '../packages/compliance/src/passwords/dictionary.ts';
import { corpus } from '../packages/schema/test-support/corpora.ts';

const i = process.argv.indexOf('--accounts');
const accounts = Math.min(20, Math.max(1, Number(i > 0 ? process.argv[i + 1] : '4')));
const METHODS: [string, string][] = [['yescrypt', 'yescrypt'], ['sha-512', 'sha512crypt'], ['sha-256', 'sha256crypt'], ['bcrypt', 'bcrypt'], ['md5crypt', 'md5crypt']];
const lists = ['elkeid-weak_password.txt', 'seclists-top-20-common-SSH-passwords.txt', 'seclists-Chinese-common-password-list-top-1000.txt', 'seclists-10k-most-common.txt'].map((f) => corpus('passwords', f));

const dir = mkdtempSync(join(tmpdir(), 'vcmp-bench-'));
try {
  console.log(`default dictionary: ${DEFAULT_DICTIONARY_SIZE} candidates; ${accounts} accounts per method, passwords not in it`);
  console.log('method        cpu ms/account   baseline ms (1 crypt × size)   ratio   within 1 s');
  for (const [mk, name] of METHODS) {
    const lines: string[] = [];
    for (let n = 0; n < accounts; n++) {
      const hash = execFileSync('mkpasswd', ['-m', mk, randomBytes(18).toString('base64')], { encoding: 'utf8' }).trim();
      lines.push(`bench${n}:${hash}:19000:0:99999:7:::`);
    }
    const shadowPath = join(dir, `shadow-${name}`);
    writeFileSync(shadowPath, `${lines.join('\n')}\n`);
    const results = await auditShadow({ shadowPath, dictionaries: lists, cpuPercent: 100, host: 'bench-host' });
    const perAccount = results.reduce((s, r) => s + r.cpuMs, 0) / results.length;
    const sample = lines[0].split(':')[1];
    const t0 = process.cpuUsage();
    crypt('baseline-guess', sample);
    const one = process.cpuUsage(t0);
    const baseline = ((one.user + one.system) / 1000) * DEFAULT_DICTIONARY_SIZE;
    const tried = results.map((r) => r.tried).join(',');
    console.log(`${name.padEnd(13)} ${perAccount.toFixed(0).padStart(14)}   ${baseline.toFixed(0).padStart(28)}   ${(perAccount / baseline).toFixed(2).padStart(5)}   ${perAccount <= 1000 ? 'yes' : 'NO'} (tried ${tried})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
