/**
 * YARA compatibility and throughput: signature-base's rules over both webshell corpora, scanned
 * by Vigil (libyara through koffi, the `scan malware` engine) and by Debian's `yara` 4.x CLI on
 * the same file list in the same run. Both get the same external variables (the CLI can only set
 * them once per run, so both use one fixed value; per-file externals are checked against the CLI
 * in packages/malware/test/yara/scanner.test.ts). Prints the throughput ratio (goal ≥ 0.8) and
 * the number of files whose rule sets differ (goal 0).
 *   node --import tsx bench/yara.ts
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unpackedCorpus } from '../packages/schema/test-support/corpora.ts';
import { walkFiles } from '../packages/malware/src/scan/walk.ts';
import { EXTERNAL_NAMES, type Externals } from '../packages/malware/src/yara/externals.ts';
import { loadRuleSet } from '../packages/malware/src/yara/ruleset.ts';
import { YaraScanner } from '../packages/malware/src/yara/scanner.ts';

const run = promisify(execFile);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

const rulesDir = join(unpackedCorpus('yara/signature-base-yara.tar.gz'), 'signature-base-yara', 'yara');
const roots = ['webshells/hzieec-dev.tar.gz', 'webshells/tennc.tar.gz'].map(unpackedCorpus);
const files = walkFiles(roots, { maxFileSize: Number.MAX_SAFE_INTEGER, onSkip() {} }).map((f) => f.path);
const work = mkdtempSync(join(tmpdir(), 'vigil-bench-yara-'));
const externals = Object.fromEntries(EXTERNAL_NAMES.map((n) => [n, 'bench'])) as Externals;

try {
  let start = process.hrtime.bigint();
  const compiled = loadRuleSet(rulesDir, { cacheDir: join(work, 'cache') });
  const compileSeconds = seconds(start);
  compiled.close();
  start = process.hrtime.bigint();
  const set = loadRuleSet(rulesDir, { cacheDir: join(work, 'cache') });
  const cachedSeconds = seconds(start);

  // The CLI scans the rules Vigil compiled (saved by the same libyara), so both see one rule set.
  const listFile = join(work, 'files.txt');
  writeFileSync(listFile, `${files.join('\n')}\n`);
  const defs = EXTERNAL_NAMES.flatMap((n) => ['-d', `${n}=${externals[n]}`]);
  const yaraRules = join(work, 'rules.yarc');
  await run('yarac', ['-w', ...EXTERNAL_NAMES.flatMap((n) => ['-d', `${n}=`]), ...set.files, yaraRules]);
  start = process.hrtime.bigint();
  const { stdout } = await run('yara', ['-w', '-N', '-C', yaraRules, ...defs, '--scan-list', listFile], { maxBuffer: 1 << 30 });
  const yaraSeconds = seconds(start);
  const theirs = new Map<string, string[]>();
  for (const line of stdout.split('\n').filter(Boolean)) {
    const at = line.indexOf(' ');
    const path = line.slice(at + 1);
    theirs.set(path, [...(theirs.get(path) ?? []), line.slice(0, at)]);
  }

  const scanner = new YaraScanner(set, availableParallelism());
  const ours = new Map<string, string[]>();
  const queue = files.values();
  start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: availableParallelism() * 2 }, async () => {
      for (let n = queue.next(); !n.done; n = queue.next()) {
        const rules = (await scanner.scanFile(n.value, externals)).map((m) => m.rule);
        if (rules.length) ours.set(n.value, rules);
      }
    }),
  );
  const vigilSeconds = seconds(start);
  scanner.close();
  set.close();

  const key = (rules: string[] | undefined) => [...(rules ?? [])].sort().join(',');
  const differing = files.filter((f) => key(ours.get(f)) !== key(theirs.get(f)));
  console.log(`rules: ${set.files.length} files compiled, ${set.skipped.length} left out; compile ${compileSeconds.toFixed(2)} s, cached load ${cachedSeconds.toFixed(2)} s`);
  console.log(`files: ${files.length}; flagged by yara ${theirs.size}, by Vigil ${ours.size}`);
  console.log(`yara CLI:  ${yaraSeconds.toFixed(2)} s  ${(files.length / yaraSeconds).toFixed(0)} files/s`);
  console.log(`Vigil:     ${vigilSeconds.toFixed(2)} s  ${(files.length / vigilSeconds).toFixed(0)} files/s`);
  console.log(`throughput Vigil / yara: ${(yaraSeconds / vigilSeconds).toFixed(2)}  (goal ≥ 0.8)`);
  console.log(`files whose rule sets differ: ${differing.length} / ${files.length}  (goal 0)`);
  for (const f of differing.slice(0, 10)) console.log(`  ${f}: vigil [${key(ours.get(f))}] yara [${key(theirs.get(f))}]`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
