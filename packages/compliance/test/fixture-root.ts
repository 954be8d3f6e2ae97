/** Test support: a small root filesystem with the files a test names, owned by root. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface FixtureRoot {
  dir: string;
  file(path: string, text: string, mode?: number): void;
  dirAt(path: string, mode: number): void;
  link(path: string, target: string): void;
  remove(): void;
}

export function fixtureRoot(): FixtureRoot {
  const dir = mkdtempSync(join(tmpdir(), 'vcmp-root-'));
  return {
    dir,
    file(path, text, mode = 0o644) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
      chmodSync(join(dir, path), mode);
    },
    dirAt(path, mode) {
      mkdirSync(join(dir, path), { recursive: true });
      chmodSync(join(dir, path), mode);
    },
    link(path, target) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      symlinkSync(target, join(dir, path));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
