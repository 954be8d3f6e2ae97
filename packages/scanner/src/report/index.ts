/** Every output format, each written from the one ScanReport. */
import { renderCycloneDx } from './cyclonedx.ts';
import type { ScanReport } from './model.ts';
import { renderSarif } from './sarif.ts';
import { renderSpdx } from './spdx.ts';
import { renderTable } from './table.ts';

export const REPORT_FORMATS = ['table', 'json', 'sarif', 'cyclonedx', 'spdx-json'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

const RENDERERS: Record<ReportFormat, (report: ScanReport) => string> = {
  table: renderTable,
  json: (report) => JSON.stringify(report, null, 2),
  sarif: renderSarif,
  cyclonedx: renderCycloneDx,
  'spdx-json': renderSpdx,
};

export function renderReport(report: ScanReport, format: ReportFormat): string {
  return RENDERERS[format](report);
}
