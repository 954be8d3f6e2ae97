/**
 * Software compiled into the executables of running processes (Go build info, and whatever else
 * a scanner cataloger reads from a single binary). The inventory lists OS packages only, and a
 * running binary is the most exposed software on a host; the files can be read only where they
 * are, so this runs for the server's own host (the local agent's), with the scanner's catalogers.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Package } from '@vigil/schema';
import { allCatalogers } from '@vigil/scanner';

/** Binaries larger than this are skipped (a Go binary's build info is read from the whole file). */
const MAX_EXECUTABLE_BYTES = 512 * 1024 * 1024;

/** Packages of each executable path (absolute), with the path as their location. */
export async function executablePackages(paths: Iterable<string>): Promise<Map<string, Package[]>> {
  const out = new Map<string, Package[]>();
  const tempDir = mkdtempSync(join(tmpdir(), 'vigil-exec-'));
  try {
    for (const abs of new Set(paths)) {
      if (!abs.startsWith('/')) continue;
      let st;
      try {
        st = statSync(abs);
      } catch {
        continue; // the process exited, or its file was replaced
      }
      if (!st.isFile() || st.size > MAX_EXECUTABLE_BYTES) continue;
      const path = abs.slice(1);
      const info = { size: st.size, mode: st.mode & 0o7777 };
      const packages: Package[] = [];
      for (const c of allCatalogers.filter((k) => k.wants(path, info))) {
        const r = await c.catalog({ path, ...info, read: async () => readFileSync(abs) }, { tempDir, warn: () => {} });
        packages.push(...(r.packages ?? []));
      }
      if (packages.length) out.set(abs, packages);
    }
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
  return out;
}
