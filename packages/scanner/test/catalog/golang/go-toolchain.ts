/**
 * Builds small Go programs with the local toolchain (Debian's golang-go), offline: dependencies
 * are vendored or replaced by local directories. Tests that need it skip when `go` is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

function findGo(): string | undefined {
  try {
    return execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** The local toolchain's version (`go1.19.8`), or undefined when there is none. */
export const localGoVersion = findGo();

/** Write `files` (relative path → content) into a fresh directory. */
export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-go-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

/** `go build` the module in `dir` for a target platform; returns the binary's path. */
export function goBuild(dir: string, env: Record<string, string> = {}): string {
  const out = join(dir, 'prog.bin');
  execFileSync('go', ['build', '-o', out, '.'], {
    cwd: dir,
    env: { ...process.env, GOFLAGS: '-mod=vendor', GOPROXY: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return out;
}

/** A hello-world module with no dependencies. */
export function helloModule(): string {
  return writeTree({
    'go.mod': 'module example.com/hello\n\ngo 1.17\n',
    'main.go': 'package main\n\nfunc main() { println("hello") }\n',
  });
}
