#!/usr/bin/env node
// `vigil`: runs the bundle set-up builds (dist/vigil.mjs, see scripts/build.mjs) when it is newer
// than every TypeScript source; otherwise the sources through tsx, so an edit never runs stale.
// VIGIL_FROM_SOURCE=1 forces the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(cliDir, 'dist/vigil.mjs');

if (process.env.VIGIL_FROM_SOURCE !== '1' && existsSync(bundle) && newestSource(join(cliDir, '..')) < statSync(bundle).mtimeMs) {
  process.setSourceMapsEnabled(true);
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}

/** Latest modification time of any file under packages/<name>/src (and package.json). */
function newestSource(packagesDir) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const pkg of readdirSync(packagesDir)) {
    const src = join(packagesDir, pkg, 'src');
    if (existsSync(src)) walk(src);
    const manifest = join(packagesDir, pkg, 'package.json');
    if (existsSync(manifest)) newest = Math.max(newest, statSync(manifest).mtimeMs);
  }
  return newest;
}
