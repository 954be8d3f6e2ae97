/**
 * Debian security tracker advisory lists (data/DSA/list, data/DLA/list, data/DTSA/list):
 *
 *   [29 Mar 2023] DSA-5380-1 xorg-server - security update
 *   	{CVE-2023-1393}
 *   	[bullseye] - xorg-server 2:1.20.11-1+deb11u6
 *   	[lenny] - vlc <not-affected> (Vulnerable code not present)
 *
 * One advisory per entry; each `[release] - package` line is one affected row of that release.
 */
import type { Advisory, AffectedPackage, AffectedStatus } from '../advisory.ts';
import { debianAdvisory, debianEcosystem } from './debian-releases.ts';
import { type AdvisoryFormat, type ParseContext, perFile } from './format.ts';

const HEADER = /^\[([^\]]+)\]\s+([A-Z]+-\d+(?:-\d+)?)\s*(.*)$/;
const ALIASES = /^\{([^}]*)\}$/;
const PACKAGE = /^\[([a-z-]+)\]\s+-\s+(\S+)\s+(<[a-z-]+>|\S+)\s*(?:\((.*)\))?$/;
const URGENCIES = new Set(['unimportant', 'low', 'medium', 'high', 'critical']);

const STATUS_ANNOTATIONS: Readonly<Record<string, AffectedStatus>> = {
  '<not-affected>': 'not-affected',
  '<unfixed>': 'unfixed',
  '<end-of-life>': 'wont-fix',
  '<no-dsa>': 'wont-fix',
  '<ignored>': 'wont-fix',
  '<postponed>': 'wont-fix',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export const debianListFormat: AdvisoryFormat = {
  source: 'debian',
  accepts: (_path, file) => file.kind === 'text' && HEADER.test(file.text.split('\n', 1)[0]),
  create: perFile((file, ctx) => (file.kind === 'text' ? parseList(file.text, ctx) : [])),
};

/** `29 Mar 2023` or `August 26th, 2005` → `2023-03-29T00:00:00Z`. */
function isoDate(text: string): string | undefined {
  const dmy = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$/.exec(text.trim());
  const mdy = /^([A-Za-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(text.trim());
  const [day, month, year] = dmy ? [dmy[1], dmy[2], dmy[3]] : mdy ? [mdy[2], mdy[1], mdy[3]] : [];
  const m = month ? MONTHS.indexOf(month.slice(0, 3).toLowerCase()) : -1;
  if (m < 0) return undefined;
  return new Date(Date.UTC(Number(year), m, Number(day))).toISOString().replace('.000Z', 'Z');
}

function parseList(text: string, ctx: ParseContext): Advisory[] {
  const advisories: Advisory[] = [];
  let current: Advisory | undefined;
  const flush = () => {
    if (!current) return;
    if (current.affected.length > 0) advisories.push(current);
    else ctx.skip('entry without packages (announcement)');
    current = undefined;
  };
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('NOTE:')) continue;
    const at = `line ${index + 1}`;
    const header = /^\S/.test(raw) ? HEADER.exec(line) : null;
    if (header) {
      flush();
      current = headerAdvisory(header, ctx, at);
      continue;
    }
    if (!current) {
      ctx.error(`${at}: text before the first advisory header`);
      continue;
    }
    const aliases = ALIASES.exec(line);
    if (aliases) {
      for (const id of aliases[1].split(/\s+/).filter(Boolean)) if (!current.aliases.includes(id)) current.aliases.push(id);
      continue;
    }
    const pkg = PACKAGE.exec(line);
    if (!pkg) {
      ctx.error(`${at}: unrecognised line in ${current.id}: ${line.slice(0, 80)}`);
      continue;
    }
    const row = packageRow(pkg, ctx, `${at} (${current.id})`);
    if (row) current.affected.push(row);
  }
  flush();
  return advisories;
}

function headerAdvisory(header: RegExpExecArray, ctx: ParseContext, at: string): Advisory {
  const [, date, id, rest] = header;
  const advisory = debianAdvisory(id);
  const published = isoDate(date);
  if (published) advisory.published = published;
  else ctx.error(`${at}: unreadable date "${date}" in ${id}`);
  // "<packages> - <description>": kept whole with the id, because the CVE findings a DSA stands
  // for take this as their title and "security update" alone names nothing.
  const summary = rest.trim();
  if (summary) advisory.summary = `${id}: ${summary}`;
  return advisory;
}

function packageRow(m: RegExpExecArray, ctx: ParseContext, at: string): AffectedPackage | undefined {
  const [, release, name, version, note] = m;
  const ecosystem = debianEcosystem(release);
  if (!ecosystem) {
    ctx.error(`${at}: unknown Debian release "${release}"`);
    return undefined;
  }
  const row: AffectedPackage = { ecosystem, name, status: 'affected', ranges: [], versions: [] };
  if (version.startsWith('<')) {
    const status = STATUS_ANNOTATIONS[version];
    if (!status) {
      ctx.error(`${at}: unknown annotation ${version}`);
      return undefined;
    }
    row.status = status;
  } else {
    row.ranges.push({ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version }] });
  }
  // "(medium)", "(bug #332524; medium)": the urgency word is the vendor severity.
  const urgency = note
    ?.split(';')
    .map((s) => s.trim().toLowerCase())
    .find((s) => URGENCIES.has(s));
  if (urgency) row.severity = urgency;
  return row;
}
