/**
 * What `vigil scan image --scanners` can run, by name. `vuln` (packages and vulnerabilities) is
 * scan.ts's own report; every other scanner is a function here that scans the image and returns
 * its section of the output. Adding one (e.g. `hardening`) is one entry in IMAGE_SCANNERS.
 */
import { UserError } from '@vigil/schema';
import type { ReportFormat } from '@vigil/scanner';
import { scanImageForMalware } from './malware.ts';
import { scanImageForHardening } from './compliance.ts';

export interface ImageScanOptions {
  format: 'table' | 'json';
  maxFileSize?: number;
}

export interface ImageScanSection {
  /** The section as text, for table output. */
  text: string;
  /** The section as a JSON value, keyed by scanner name in JSON output. */
  json: unknown;
  /** Items that count towards `--exit-code`. */
  flagged: number;
}

export type ImageScanner = (ref: string, opts: ImageScanOptions) => Promise<ImageScanSection>;

export const IMAGE_SCANNERS: Record<string, ImageScanner> = {
  malware: scanImageForMalware,
  hardening: scanImageForHardening,
};

export interface ScannerChoice {
  vuln: boolean;
  /** Names of IMAGE_SCANNERS entries to run, in the order given. */
  others: string[];
}

/** `vuln,malware` → the choice; an unknown name, or a format the other scanners cannot write, is a user error. */
export function parseScanners(text: string, format: ReportFormat): ScannerChoice {
  const names = [...new Set(text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))];
  const known = ['vuln', ...Object.keys(IMAGE_SCANNERS)];
  const unknown = names.find((n) => !known.includes(n));
  if (unknown !== undefined || names.length === 0) throw new UserError(`--scanners: unknown scanner '${unknown ?? text}' (use ${known.join(', ')})`, 'BAD_FLAG');
  const others = names.filter((n) => n !== 'vuln');
  if (others.length && format !== 'table' && format !== 'json') throw new UserError(`--scanners ${others.join(',')}: only table and json output are supported, not ${format}`, 'BAD_FLAG');
  return { vuln: names.includes('vuln'), others };
}

export async function runImageScanners(ref: string, names: readonly string[], opts: ImageScanOptions): Promise<Map<string, ImageScanSection>> {
  const sections = new Map<string, ImageScanSection>();
  for (const name of names) sections.set(name, await IMAGE_SCANNERS[name]!(ref, opts));
  return sections;
}

/**
 * One output for all scanners: table sections one after another; in JSON the vulnerability
 * report alone when it is the only one, else one object keyed by scanner name.
 */
export function combineSections(format: 'table' | 'json', vuln: string | undefined, sections: ReadonlyMap<string, ImageScanSection>): string {
  if (sections.size === 0) return vuln ?? '';
  if (format === 'table') return [...(vuln === undefined ? [] : [vuln]), ...[...sections.values()].map((s) => s.text)].map((t) => t.trimEnd()).join('\n\n');
  const out: Record<string, unknown> = vuln === undefined ? {} : { vuln: JSON.parse(vuln) };
  for (const [name, s] of sections) out[name] = s.json;
  return JSON.stringify(out, null, 2);
}
