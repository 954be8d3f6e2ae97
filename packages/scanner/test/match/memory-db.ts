/** An in-memory AdvisoryReader for matcher tests: the interface is the contract the store meets. */
import type { Advisory, AdvisoryReader, AffectedMatch, AffectedPackage, SourceInfo } from '@vigil/vulndb';
import { normalizePackageName } from '@vigil/vulndb';

export class MemoryDb implements AdvisoryReader {
  readonly lookups: [string, string][] = [];
  private readonly rows = new Map<string, AffectedMatch[]>();
  private readonly withdrawnIds = new Set<string>();

  constructor(advisories: Advisory[], withdrawn: string[] = []) {
    for (const a of advisories) {
      const { affected, ...advisory } = a;
      for (const entry of affected) {
        const key = `${entry.ecosystem}\u0000${normalizePackageName(entry.ecosystem, entry.name)}`;
        this.rows.set(key, [...(this.rows.get(key) ?? []), { advisory, affected: entry }]);
      }
    }
    for (const id of withdrawn) this.withdrawnIds.add(id);
  }

  lookup(ecosystem: string, name: string): AffectedMatch[] {
    this.lookups.push([ecosystem, name]);
    return this.rows.get(`${ecosystem}\u0000${name}`) ?? [];
  }

  isWithdrawn(id: string): boolean {
    return this.withdrawnIds.has(id);
  }

  sources(): SourceInfo[] {
    return [];
  }
}

/** An advisory with one affected package; fields default to an empty record from `osv`. */
export function advisory(id: string, affected: Partial<AffectedPackage> & Pick<AffectedPackage, 'ecosystem' | 'name'>, extra: Partial<Advisory> = {}): Advisory {
  return {
    id,
    aliases: [],
    source: 'osv',
    cvss: [],
    references: [],
    ...extra,
    affected: [{ status: 'affected', ranges: [], versions: [], ...affected }, ...(extra.affected ?? [])],
  };
}

/** An ECOSYSTEM range from `introduced` to `fixed` (or open-ended). */
export function range(introduced: string, fixed?: string): AffectedPackage['ranges'][number] {
  return { type: 'ECOSYSTEM', events: [{ introduced }, ...(fixed ? [{ fixed }] : [])] };
}
