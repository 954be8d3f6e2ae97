/**
 * VEX suppression: a finding is dropped when the latest statement about its vulnerability and
 * its package says `not_affected` or `fixed`. A later `affected` or `under_investigation`
 * statement re-opens it, as OpenVEX prescribes for statements on the same product.
 */
import type { Finding } from '@vigil/schema';
import type { PackageURL } from 'packageurl-js';
import type { VexDocument, VexStatement } from './openvex.ts';
import { parsePurl, purlCovers } from './purl-match.ts';

export interface SuppressedFinding {
  finding: Finding;
  status: 'not_affected' | 'fixed';
  justification?: string;
  impactStatement?: string;
  /** `@id` of the VEX document that said so. */
  document: string;
}

export interface VexResult {
  kept: Finding[];
  suppressed: SuppressedFinding[];
}

interface IndexedStatement {
  statement: VexStatement;
  document: string;
  /** Position across all documents, the tie-break between equal timestamps. */
  order: number;
  time: number;
  /** Product and subcomponent purls, parsed once. */
  purls: PackageURL[];
}

function statementTime(s: VexStatement): number {
  const t = s.timestamp ? Date.parse(s.timestamp) : Number.NaN;
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

function later(a: IndexedStatement, b: IndexedStatement): IndexedStatement {
  return b.time > a.time || (b.time === a.time && b.order > a.order) ? b : a;
}

/** Apply one or more OpenVEX documents to findings. */
export function applyVex(findings: readonly Finding[], vex: VexDocument | readonly VexDocument[]): VexResult {
  const documents = Array.isArray(vex) ? (vex as readonly VexDocument[]) : [vex as VexDocument];
  // Statements indexed by every vulnerability id they name, so each finding checks only its own.
  const byVulnerability = new Map<string, IndexedStatement[]>();
  let order = 0;
  for (const doc of documents) {
    for (const statement of doc.statements) {
      const purls = statement.products
        .flatMap((p) => [p.purl, ...p.subcomponents])
        .filter((p): p is string => !!p)
        .map(parsePurl)
        .filter((p): p is PackageURL => !!p);
      const indexed: IndexedStatement = { statement, document: doc.id, order: order++, time: statementTime(statement), purls };
      for (const id of statement.vulnerabilityIds) {
        const list = byVulnerability.get(id) ?? [];
        list.push(indexed);
        byVulnerability.set(id, list);
      }
    }
  }

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const pkgPurl = finding.package.purl ? parsePurl(finding.package.purl) : undefined;
    let decisive: IndexedStatement | undefined;
    if (pkgPurl) {
      const seen = new Set<IndexedStatement>();
      for (const id of [finding.id, ...finding.aliases]) {
        for (const s of byVulnerability.get(id) ?? []) {
          if (seen.has(s)) continue;
          seen.add(s);
          if (s.purls.some((p) => purlCovers(p, pkgPurl))) decisive = decisive ? later(decisive, s) : s;
        }
      }
    }
    const status = decisive?.statement.status;
    if (decisive && (status === 'not_affected' || status === 'fixed')) {
      const entry: SuppressedFinding = { finding, status, document: decisive.document };
      if (decisive.statement.justification) entry.justification = decisive.statement.justification;
      if (decisive.statement.impactStatement) entry.impactStatement = decisive.statement.impactStatement;
      suppressed.push(entry);
    } else {
      kept.push(finding);
    }
  }
  return { kept, suppressed };
}
