/**
 * bench/scan-image: `vigil scan image` (vulnerabilities, JSON out) on the debootstrap bookworm
 * docker-archive, against baselines run in the same invocation:
 *   (a) unpacking the archive and its layers with `tar -xf` into a temp dir — a naive scanner;
 *       goal: ratio ≤ 0.5
 *   (b) `tar -xOf archive '*\/layer.tar' | tar -t` — only reading the bytes, the floor
 * and the scan's peak RSS (goal ≤ 250 MB). Each figure is the median of RUNS runs.
 * Usage: node --import tsx bench/scan-image.ts [runs]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bookwormImages, repoRoot } from '../packages/cli/test-support/run-cli.ts';

const RUNS = Number(process.argv[2] ?? 3);
const bin = resolve(repoRoot, 'packages/cli/bin/vigil.js');
const images = bookwormImages();
const work = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const db = join(work, 'vulndb.sqlite');
const rssFile = join(work, 'rss');

try {
  run(process.execPath, [bin, 'db', 'import', '--db', db, resolve(repoRoot, '../shared/corpora/debian')]);

  const scanTimes: number[] = [];
  const rss: number[] = [];
  let findings = 0;
  for (let i = 0; i < RUNS; i++) {
    writeFileSync(rssFile, '');
    const t = timed(() =>
      run(process.execPath, ['--import', resolve(repoRoot, 'bench/rss-probe.mjs'), bin, 'scan', 'image', images.base, '--format', 'json', '--db', db, '--output', join(work, 'out.json')], {
        VIGIL_BENCH_RSS_FILE: rssFile,
      }),
    );
    scanTimes.push(t);
    rss.push(Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)));
    findings = (JSON.parse(readFileSync(join(work, 'out.json'), 'utf8')) as { findings: unknown[] }).findings.length;
  }

  const untarTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    untarTimes.push(timed(() => naiveUnpack(images.base, join(work, `unpack-${i}`))));
    rmSync(join(work, `unpack-${i}`), { recursive: true, force: true });
    floorTimes.push(timed(() => run('bash', ['-c', `tar -xOf '${images.base}' --wildcards '*/layer.tar' | tar -t >/dev/null`])));
  }

  const scan = median(scanTimes);
  const untar = median(untarTimes);
  const floor = median(floorTimes);
  const peak = median(rss);
  console.log(`scan-image: bookworm docker-archive, ${RUNS} runs each, medians; ${findings} findings against the Debian tracker lists`);
  console.log(`  vigil scan image (vulns, json)   ${scan.toFixed(2)} s`);
  console.log(`  (a) tar -xf archive + layers      ${untar.toFixed(2)} s   ratio scan/untar = ${(scan / untar).toFixed(2)} (goal <= 0.5)`);
  console.log(`  (b) read bytes only (floor)       ${floor.toFixed(2)} s   ratio scan/floor = ${(scan / floor).toFixed(2)}`);
  console.log(`  peak RSS of the scan              ${(peak / 1024 ** 2).toFixed(0)} MB (goal <= 250 MB)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** What a naive scanner does: unpack the archive, then every layer, to disk. */
function naiveUnpack(archive: string, dir: string): void {
  execFileSync('mkdir', ['-p', `${dir}/archive`, `${dir}/rootfs`]);
  run('tar', ['-xf', archive, '-C', `${dir}/archive`]);
  const layers = execFileSync('find', [`${dir}/archive`, '-name', 'layer.tar'], { encoding: 'utf8' }).trim().split('\n');
  for (const layer of layers) run('tar', ['-xf', layer, '-C', `${dir}/rootfs`]);
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
}

function timed(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
