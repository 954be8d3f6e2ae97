/**
 * Bundler's lockfile: `Gemfile.lock`, `gems.locked`, and `Gemfile.<variant>.lock` (dual-boot
 * setups such as `Gemfile.next.lock`). Sections start at column 0. Each source section (GEM, GIT,
 * PATH, PLUGIN SOURCE) has `remote:` and a `specs:` list whose 4-space lines `name (version)` or
 * `name (version-platform)` are the resolved gems; 6-space lines under them are requirements.
 * DEPENDENCIES lists what the Gemfile asks for directly. Like Bundler, we split the platform off
 * at the first `-`: RubyGems never stores a `-` in a version.
 *
 * PATH gems are included: they are gems the application loads from a local checkout (often a
 * vendored copy of a published gem), so advisories for that name and version apply to them.
 */
import type { Cataloger } from '../cataloger.ts';
import { gemPackages, type GemEntry } from './gem.ts';

const SOURCE_TYPES: Record<string, string> = { GEM: 'rubygems', GIT: 'git', PATH: 'path', 'PLUGIN SOURCE': 'plugin' };
const OTHER_SECTIONS = new Set(['PLATFORMS', 'DEPENDENCIES', 'RUBY VERSION', 'BUNDLED WITH', 'CHECKSUMS']);

/** Any line at column 0 starts a section, known or not. */
const SECTION = /^\S/;
const SOURCE_OPTION = /^ {2}(remote|revision): (.+)$/;
const SPEC = /^ {4}([^\s(]+) \(([^-)\s]+)(?:-([^)\s]+))?\)$/;
const DIRECT = /^ {2}([^\s(!]+)/;

export const gemfileLockCataloger: Cataloger = {
  name: 'bundler-gemfile-lock',
  wants: (path) => {
    const segments = path.split('/');
    return isLockfileName(segments[segments.length - 1]) && !insideInstalledGem(segments);
  },
  async catalog(file, ctx) {
    const lock = parseGemfileLock((await file.read()).toString('utf8'));
    if (!lock) {
      ctx.warn(`${file.path}: no Bundler sections found; not a Gemfile.lock`);
      return {};
    }
    return { packages: gemPackages(lock, file) };
  },
};

function isLockfileName(name: string): boolean {
  return name === 'gems.locked' || /^Gemfile(?:\.[\w.-]+)?\.lock$/.test(name);
}

/**
 * A lockfile shipped inside an installed gem (`gems/rack-2.2.8/Gemfile.lock`) or a Bundler git
 * checkout (`bundler/gems/turbolinks-80216ce9d899/…`) records its author's development setup,
 * not what is installed here.
 */
function insideInstalledGem(segments: string[]): boolean {
  for (let i = 0; i + 1 < segments.length - 1; i++) {
    if (segments[i] === 'gems' && /-(?:\d[\w.-]*|[0-9a-f]{12})$/.test(segments[i + 1])) return true;
  }
  return false;
}

/** The resolved gems, or undefined when the text has no Bundler section at all. */
export function parseGemfileLock(text: string): GemEntry[] | undefined {
  const byId = new Map<string, GemEntry & { platforms: string[] }>();
  const direct = new Set<string>();
  let sawSection = false;
  let sawDependencies = false;
  let section = '';
  let source: Record<string, string> = {};

  for (const line of text.split(/\r?\n/)) {
    if (SECTION.test(line)) {
      section = line;
      source = SOURCE_TYPES[line] ? { source: SOURCE_TYPES[line] } : {};
      if (SOURCE_TYPES[line] || OTHER_SECTIONS.has(line)) sawSection = true;
      if (line === 'DEPENDENCIES') sawDependencies = true;
      continue;
    }
    if (section === 'DEPENDENCIES') {
      const m = DIRECT.exec(line);
      if (m) direct.add(m[1]);
      continue;
    }
    if (!SOURCE_TYPES[section]) continue;
    const option = SOURCE_OPTION.exec(line);
    // Old lockfiles repeat `remote:` for every gem server; the first is the primary one.
    if (option && !source[option[1]]) {
      source[option[1]] = option[2].trim();
      continue;
    }
    const spec = SPEC.exec(line);
    if (!spec) continue;
    const [, name, version, platform] = spec;
    const id = `${name}\0${version}`;
    const seen = byId.get(id);
    if (seen) {
      if (platform && !seen.platforms.includes(platform)) seen.platforms.push(platform);
    } else {
      byId.set(id, { name, version, platforms: platform ? [platform] : [], metadata: { ...source } });
    }
  }
  if (!sawSection) return undefined;
  const entries = [...byId.values()];
  if (sawDependencies) for (const e of entries) e.indirect = !direct.has(e.name);
  return entries;
}
