/**
 * RustSec advisory-db entries: Markdown with a ```toml front matter block. `versions.patched` and
 * `versions.unaffected` are Cargo requirement lists; every version in neither is vulnerable.
 */
import { parse as parseToml } from 'smol-toml';
import type { Advisory } from '../advisory.ts';
import { cvssFromVector } from '../cvss.ts';
import { ConstraintError, type Interval, cargoIntervals, intervalsToRanges, semverComplement } from './constraints.ts';
import { type AdvisoryFormat, type ParseContext, isRecord, perFile, str, strings } from './format.ts';

const FRONT_MATTER = /^\s*```toml\r?\n([\s\S]*?)\r?\n```[^\n]*\n?([\s\S]*)$/;

/** Informational kinds that are not vulnerabilities (`unsound` is kept: it is a soundness bug). */
const NOT_VULNERABILITIES = new Set(['unmaintained', 'notice']);

export const rustsecFormat: AdvisoryFormat = {
  source: 'rustsec',
  accepts: (_path, file) => file.kind === 'text' && /^\s*```toml\r?\n/.test(file.text) && file.text.includes('[advisory]'),
  create: perFile((file, ctx) => {
    if (file.kind !== 'text') return [];
    const advisory = rustsecAdvisory(file.text, ctx);
    return advisory ? [advisory] : [];
  }),
};

/** The advisory-db keeps toolchain advisories (std, cargo, rustdoc) under `rust/`, crates under `crates/`. */
function isToolchainAdvisory(path: string): boolean {
  return /(^|[/!])rust\/[^/]+\/[^/]+$/.test(path);
}

function rustsecAdvisory(text: string, ctx: ParseContext): Advisory | undefined {
  const m = FRONT_MATTER.exec(text);
  if (!m) {
    ctx.error('unterminated ```toml front matter');
    return undefined;
  }
  let front: Record<string, unknown>;
  try {
    front = parseToml(m[1]) as Record<string, unknown>;
  } catch (err) {
    ctx.error(`invalid TOML front matter: ${(err as Error).message.split('\n')[0]}`);
    return undefined;
  }
  const meta = isRecord(front.advisory) ? front.advisory : undefined;
  const id = str(meta?.id);
  const name = str(meta?.package);
  if (!meta || !id || !name) {
    ctx.error('front matter without advisory.id or advisory.package');
    return undefined;
  }
  if (isToolchainAdvisory(ctx.file)) {
    ctx.skip('Rust toolchain advisory (std/cargo/rustdoc are not crates)');
    return undefined;
  }
  const informational = str(meta.informational);
  if (informational && NOT_VULNERABILITIES.has(informational)) {
    ctx.skip(`informational advisory (${informational})`);
    return undefined;
  }

  const advisory: Advisory = {
    id,
    aliases: strings(meta.aliases),
    source: 'rustsec',
    cvss: [],
    references: [str(meta.url), ...strings(meta.references)].filter((u): u is string => u !== undefined),
    affected: [],
  };
  const { title, body } = markdownTitle(m[2]);
  if (title) advisory.summary = title;
  if (body) advisory.details = body;
  const date = dateString(meta.date);
  if (date) advisory.published = date;
  const withdrawn = dateString(meta.withdrawn);
  if (withdrawn) advisory.withdrawn = withdrawn;
  if (informational) advisory.severity = informational;
  const vector = str(meta.cvss);
  if (vector) {
    const cvss = cvssFromVector(vector, 'rustsec');
    if (cvss) advisory.cvss.push(cvss);
    else ctx.error(`${id}: invalid CVSS vector "${vector}"`);
  }

  const versions = isRecord(front.versions) ? front.versions : {};
  try {
    const safe: Interval[] = [...strings(versions.patched), ...strings(versions.unaffected)].flatMap(cargoIntervals);
    const { ranges, versions: exact } = intervalsToRanges(semverComplement(safe), 'SEMVER');
    advisory.affected.push({ ecosystem: 'crates.io', name, status: 'affected', ranges, versions: exact });
  } catch (err) {
    if (!(err instanceof ConstraintError)) throw err;
    ctx.error(`${id}: ${err.message}`);
    return undefined;
  }
  return advisory;
}

function markdownTitle(markdown: string): { title?: string; body?: string } {
  const text = markdown.trim();
  const m = /^#\s+(.+)\r?\n?([\s\S]*)$/.exec(text);
  if (!m) return text ? { body: text } : {};
  const body = m[2].trim();
  return body ? { title: m[1].trim(), body } : { title: m[1].trim() };
}

/** TOML dates may be quoted strings or TOML date values. */
function dateString(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString(); // smol-toml's TomlDate keeps date-only form
  return str(value);
}
