import { UserError } from '@vigil/schema';
import type { ComplianceReport } from '../model.ts';
import { renderHtml } from './html.ts';
import { renderTable } from './table.ts';

export const COMPLIANCE_FORMATS = ['table', 'json', 'html'] as const;
export type ComplianceFormat = (typeof COMPLIANCE_FORMATS)[number];

export function renderCompliance(report: ComplianceReport, format: ComplianceFormat): string {
  switch (format) {
    case 'table':
      return renderTable(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'html':
      return renderHtml(report);
    default:
      throw new UserError(`unknown format '${String(format)}' (use ${COMPLIANCE_FORMATS.join(', ')})`, 'BAD_FLAG');
  }
}
