// Builds the console into dist/ (served by `vigil server`) and prints the gzipped JavaScript the
// landing page loads: the entry chunk, the landing route's page chunk, and every chunk those
// import statically (what the browser fetches before the page can show). Fails above the budget.
// Skips the build when neither the sources nor the lockfile changed since the last one.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const BUDGET_BYTES = 300 * 1024;
/** The routes a first visit can land on: `/` signed in (overview) or not (login). */
const LANDING = { '/': 'app/pages/OverviewPage.tsx', '/login': 'app/pages/LoginPage.tsx' };

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function sourceHash() {
  const hash = createHash('sha256');
  const inputs = [...files(join(here, 'app')), join(here, 'index.html'), join(here, 'vite.config.mjs'), join(here, 'build.mjs'), join(here, '../../package-lock.json')].sort();
  for (const path of inputs) hash.update(relative(here, path)).update(readFileSync(path));
  return hash.digest('hex');
}

/** Gzipped bytes of the JS a route loads before it renders, from Vite's manifest. */
function landingBytes(manifest, pageKey) {
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) visit(dep);
  };
  visit(entry);
  visit(pageKey);
  let bytes = 0;
  for (const key of seen) bytes += gzipSync(readFileSync(join(dist, manifest[key].file)), { level: 9 }).length;
  return { bytes, chunks: seen.size };
}

function report() {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
  const sizes = Object.entries(LANDING).map(([route, page]) => ({ route, ...landingBytes(manifest, page) }));
  for (const { route, bytes, chunks } of sizes) {
    console.error(`console: landing page ${route} loads ${(bytes / 1024).toFixed(1)} KB of gzipped JavaScript in ${chunks} chunks (budget ${BUDGET_BYTES / 1024} KB)`);
  }
  return sizes;
}

const stampPath = join(dist, '.source-hash');
const want = sourceHash();
if (!existsSync(stampPath) || readFileSync(stampPath, 'utf8') !== want) {
  const { build } = await import('vite');
  await build({ configFile: join(here, 'vite.config.mjs'), logLevel: 'warn' });
  writeFileSync(stampPath, want);
}
const over = report().filter((size) => size.bytes > BUDGET_BYTES);
if (over.length) {
  console.error(`console: over the ${BUDGET_BYTES / 1024} KB budget: ${over.map((size) => size.route).join(', ')}`);
  process.exit(1);
}
