/**
 * CISA's Known Exploited Vulnerabilities catalog (`known_exploited_vulnerabilities.json`): one
 * document `{ title, catalogVersion, dateReleased, count, vulnerabilities: [{ cveID, dateAdded,
 * knownRansomwareCampaignUse, … }] }`. It names CVEs exploited in the wild, not affected packages,
 * so its entries go to the known-exploited table rather than becoming advisories.
 */
import type { KnownExploited } from '../store-api.ts';
import { type AdvisoryFormat, isRecord, str } from './format.ts';

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

export const kevFormat: AdvisoryFormat = {
  source: 'cisa-kev',
  accepts: (_path, file) =>
    file.kind === 'json' && isRecord(file.doc) && typeof file.doc.catalogVersion === 'string' && Array.isArray(file.doc.vulnerabilities),
  create: () => {
    const entries: KnownExploited[] = [];
    return {
      add(file, ctx) {
        const records = file.kind === 'json' && isRecord(file.doc) && Array.isArray(file.doc.vulnerabilities) ? (file.doc.vulnerabilities as unknown[]) : [];
        for (const [i, record] of records.entries()) {
          const cveId = isRecord(record) ? str(record.cveID)?.toUpperCase() : undefined;
          if (!isRecord(record) || !cveId || !CVE_ID.test(cveId)) {
            ctx.error(`vulnerabilities[${i}]: no valid cveID`);
            continue;
          }
          const dateAdded = str(record.dateAdded);
          entries.push({ cveId, ...(dateAdded ? { dateAdded } : {}), ransomware: str(record.knownRansomwareCampaignUse)?.toLowerCase() === 'known' });
        }
        return [];
      },
      knownExploited: () => entries,
    };
  },
};
