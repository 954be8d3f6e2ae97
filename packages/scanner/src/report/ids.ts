/**
 * Document identifiers derived from the report, not drawn at random: rendering the same report
 * twice gives the same CycloneDX serial number and SPDX namespace, so outputs can be diffed.
 */
import { createHash } from 'node:crypto';
import type { ScanReport } from './model.ts';

/** A name-based UUID (RFC 9562 version 5 layout over SHA-1) for this report. */
export function reportUuid(report: ScanReport): string {
  const t = report.target;
  const h = createHash('sha1')
    .update(JSON.stringify([report.createdAt, t.kind, t.name, t.imageId ?? '', report.packages.length, report.findings.length]))
    .digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A short stable hash for identifiers that must be unique within one document. */
export function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}
