/**
 * The atomic-red-team tests the live harness runs, chosen by one stated rule rather than by name:
 * a Linux test run by `sh` or `bash`, whose technique is active (neither revoked nor deprecated) in ATT&CK v18.1, that
 * reaches no other host and installs nothing (no URL of any scheme, no public IP literal, no
 * user@host: target, no remote client — ssh, scp, sftp, telnet, ldap tools, kubectl —, no
 * curl/wget, git clone or package manager in its commands or prerequisites), needs no file from
 * the atomics folder, and is not written for FreeBSD or macOS
 * only; then the first such test (lowest number) of each technique, so no technique with many
 * variants outweighs the others — or, with `every`, all of them (the later variants are tests the
 * pack was not tuned on). The corpus is read from ../shared at run time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttackCatalog } from '@vigil/schema';
import YAML from 'yaml';

export interface AtomicTest {
  technique: string;
  /** 1-based position among the technique's tests, as atomic-red-team numbers them. */
  number: number;
  name: string;
  executor: 'sh' | 'bash';
  /** Commands with `#{arg}` replaced by the input arguments' defaults. */
  command: string;
  prereqs: { check: string; get: string }[];
}

interface RawTest {
  name: string;
  supported_platforms?: string[];
  input_arguments?: Record<string, { default?: unknown }>;
  dependencies?: { prereq_command?: string; get_prereq_command?: string }[];
  executor?: { name?: string; command?: string };
}

const NEEDS_NETWORK = new RegExp(
  [
    String.raw`\b[a-z][a-z0-9+.-]*://`,
    String.raw`\b(?!(?:10|127|192\.168|172\.(?:1[6-9]|2\d|3[01]))\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`,
    String.raw`\S+@[\w.-]+:`,
    String.raw`\b(?:ssh|scp|sftp|telnet|ldapsearch|ldapadd|ldapmodify|kubectl|curl|wget)\b`,
    String.raw`git clone|pip3? install|apt(?:-get)? install|\byum\b|\bdnf\b|\bapk add\b|\bgo (?:get|install)\b`,
  ].join('|'),
);
const NEEDS_ATOMICS_FILES = /PathToAtomicsFolder|PathToPayloads/;

function substitute(text: string, args: RawTest['input_arguments']): string {
  return text.replace(/#\{(\w+)\}/g, (whole, name: string) => {
    const value = args?.[name]?.default;
    return value === undefined ? whole : String(value);
  });
}

function eligible(t: RawTest, technique: string, attack: AttackCatalog): boolean {
  const executor = t.executor?.name;
  if (!t.supported_platforms?.includes('linux') || (executor !== 'sh' && executor !== 'bash') || !t.executor?.command) return false;
  if (attack.check(technique).status !== 'active') return false;
  if (/freebsd|macos/i.test(t.name) && !/linux/i.test(t.name)) return false;
  const parts = [t.executor.command, ...(t.dependencies ?? []).flatMap((d) => [d.prereq_command ?? '', d.get_prereq_command ?? ''])];
  const text = parts.map((p) => substitute(p, t.input_arguments)).join('\n');
  return !NEEDS_NETWORK.test(text) && !NEEDS_ATOMICS_FILES.test(text);
}

/** The selected tests from the corpus tarball, ordered by technique id. */
export function selectAtomicTests(atomicsTarGz: string, attack: AttackCatalog, every = false): AtomicTest[] {
  const dir = mkdtempSync(join(tmpdir(), 'vrule-atomics-'));
  try {
    execFileSync('tar', ['-xzf', atomicsTarGz, '-C', dir]);
    const root = join(dir, 'atomics-yaml', 'atomics');
    const chosen: AtomicTest[] = [];
    for (const technique of readdirSync(root).sort()) {
      let text: string;
      try {
        text = readFileSync(join(root, technique, `${technique}.yaml`), 'utf8');
      } catch {
        continue;
      }
      const tests: RawTest[] = YAML.parse(text)?.atomic_tests ?? [];
      const picked = tests.map((t, i) => ({ t, number: i + 1 })).filter(({ t }) => eligible(t, technique, attack));
      for (const { t, number } of every ? picked : picked.slice(0, 1)) {
        chosen.push({
          technique,
          number,
          name: t.name,
          executor: t.executor!.name as 'sh' | 'bash',
          command: substitute(t.executor!.command!, t.input_arguments),
          prereqs: (t.dependencies ?? []).map((d) => ({
            check: substitute(d.prereq_command ?? 'true', t.input_arguments),
            get: substitute(d.get_prereq_command ?? 'true', t.input_arguments),
          })),
        });
      }
    }
    return chosen;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
