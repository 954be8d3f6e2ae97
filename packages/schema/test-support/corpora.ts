/**
 * Test access to ../shared/corpora (read at run time, never copied into the repository).
 * Tarballs are unpacked once per machine into a cache under the OS temp dir; concurrent test
 * processes race safely because each unpacks into its own dir and renames it into place.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Absolute path of ../shared/corpora as seen from the repository root. */
export const corporaDir = process.env.VIGIL_CORPORA ?? resolve(repoRoot, '../shared/corpora');

export function corpus(...parts: string[]): string {
  return join(corporaDir, ...parts);
}

/** Unpack `corpora/<rel>` (a .tar.gz) once and return the directory it unpacked into. */
export function unpackedCorpus(rel: string): string {
  const archive = corpus(rel);
  const cacheRoot = join(tmpdir(), 'vigil-corpora');
  const target = join(cacheRoot, rel.replace(/[/\\]/g, '__').replace(/\.tar\.gz$|\.tgz$/, ''));
  if (existsSync(target)) return target;
  mkdirSync(cacheRoot, { recursive: true });
  const work = mkdtempSync(join(cacheRoot, '.unpack-'));
  execFileSync('tar', ['-xzf', archive, '-C', work]);
  try {
    renameSync(work, target);
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    if (!existsSync(target)) throw err;
  }
  return target;
}
