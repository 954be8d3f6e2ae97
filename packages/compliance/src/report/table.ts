import type { ComplianceReport } from '../model.ts';
import { STATUS_LABELS, grouped } from './labels.ts';

/** Plain text for a terminal: one line per check under its group heading, summary last. */
export function renderTable(report: ComplianceReport): string {
  const lines = [`${report.title.en} / ${report.title.zh} — ${report.target}`, ''];
  const row = (r: ComplianceReport['results'][number]) => {
    const s = STATUS_LABELS[r.status];
    lines.push(`  ${r.id.padEnd(18)} ${`${s.en} ${s.zh}`.padEnd(12)} ${r.title.en} / ${r.title.zh}`);
    if (r.status !== 'pass') for (const e of r.evidence.split('\n').slice(0, 5)) lines.push(`  ${''.padEnd(18)} ${''.padEnd(12)}   ${e}`);
  };
  const { sections, rest } = grouped(report.groups, report.results);
  for (const { group, results } of sections) {
    lines.push(`${group.id}  ${group.title.en} / ${group.title.zh}`);
    results.forEach(row);
    lines.push('');
  }
  rest.forEach(row);
  const s = report.summary;
  lines.push(`pass 通过 ${s.pass}   fail 不符合 ${s.fail}   warn 警告 ${s.warn}   manual 人工核查 ${s.manual}`);
  for (const n of report.notes ?? []) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}
