// Bundles the CLI and the workspace packages into packages/cli/dist (vigil.mjs + chunks) with esbuild, so
// `vigil` starts without transpiling TypeScript on every run. Third-party npm packages stay
// external (resolved from node_modules as usual; better-sqlite3 is native). Run by set-up.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
const external = new Set();
for (const ws of workspaces) {
  const deps = JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8')).dependencies ?? {};
  for (const name of Object.keys(deps)) if (!name.startsWith('@vigil/')) external.add(name).add(`${name}/*`);
}

await build({
  entryPoints: [join(root, 'packages/cli/src/main.ts')],
  // One entry (vigil.mjs) and a chunk per command module, which main.ts imports only when that
  // command runs; chunk names carry a content hash, so a rebuild never changes a chunk in use.
  outdir: join(root, 'packages/cli/dist'),
  entryNames: 'vigil',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: [...external],
  sourcemap: 'linked',
  logLevel: 'warning',
});
