import type { Finding } from '@vigil/schema';
import { severityRank } from './severity.ts';

function text(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Report order: most severe first, then package name, vulnerability id, and what tells equal ones apart. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity.level) - severityRank(a.severity.level) ||
    text(a.package.name, b.package.name) ||
    text(a.id, b.id) ||
    text(a.package.version, b.package.version) ||
    text(a.package.ecosystem, b.package.ecosystem) ||
    text(a.locations[0]?.path ?? '', b.locations[0]?.path ?? '')
  );
}
