import type { ComplianceReport } from '../model.ts';
import { STATUS_LABELS, grouped } from './labels.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One self-contained page (no scripts, no external assets), grouped by section or clause, in both languages. */
export function renderHtml(report: ComplianceReport): string {
  const s = report.summary;
  const { sections, rest } = grouped(report.groups, report.results);
  const rows = (results: ComplianceReport['results']) =>
    results
      .map((r) => {
        const l = STATUS_LABELS[r.status];
        const extra = [r.remediation ? `<p><b>Remediation / 整改建议:</b> ${esc(r.remediation)}</p>` : '', r.mappings?.mlps?.length ? `<p>MLPS: ${esc(r.mappings.mlps.join(', '))}</p>` : ''].join('');
        return `<tr class="${r.status}"><td>${esc(r.id)}</td><td>${l.en}<br>${l.zh}</td><td>${esc(r.title.en)}<br>${esc(r.title.zh)}</td><td><pre>${esc(r.evidence)}</pre>${extra}</td></tr>`;
      })
      .join('\n');
  const table = (results: ComplianceReport['results']) =>
    `<table><thead><tr><th>ID</th><th>Status / 状态</th><th>Check / 检查项</th><th>Evidence / 证据</th></tr></thead><tbody>\n${rows(results)}\n</tbody></table>`;
  const body = [
    ...sections.map(({ group, results }) => `<h2>${esc(group.id)} ${esc(group.title.en)}<br><small>${esc(group.title.zh)}</small></h2>\n${table(results)}`),
    rest.length ? table(rest) : '',
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(report.title.en)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:2em}td,th{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}pre{white-space:pre-wrap;margin:0}.pass td:nth-child(2){color:#176f2c}.fail td:nth-child(2){color:#b3261e}.warn td:nth-child(2){color:#9a6700}.manual td:nth-child(2){color:#555}</style>
</head><body>
<h1>${esc(report.title.en)}<br><small>${esc(report.title.zh)}</small></h1>
<p>Target / 目标: ${esc(report.target)} · ${esc(report.generatedAt)}</p>
<p>PASS 通过 ${s.pass} · FAIL 不符合 ${s.fail} · WARN 警告 ${s.warn} · MANUAL 人工核查 ${s.manual}</p>
${(report.notes ?? []).map((n) => `<p>Note / 说明: ${esc(n)}</p>`).join('\n')}
${body}
</body></html>
`;
}
