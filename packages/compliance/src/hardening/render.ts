import { formatBytes, type HardeningReport } from './advice.ts';

const SEVERITY = { high: '高 HIGH', medium: '中 MEDIUM', low: '低 LOW' } as const;
const MAX_ITEMS = 8;

/** The hardening section of `vigil scan image` table output, English and Chinese. */
export function renderHardening(r: HardeningReport): string {
  const lines = [`Hardening and slimming / 镜像加固与瘦身建议 — ${r.image}${r.os ? ` (${r.os})` : ''}${r.user ? `, user ${r.user}` : ''}`];
  for (const a of r.advice) {
    lines.push(`  [${SEVERITY[a.severity]}] ${a.title.en} / ${a.title.zh}${a.bytes ? ` — ${formatBytes(a.bytes)}` : ''}`);
    for (const item of a.items.slice(0, MAX_ITEMS)) lines.push(`      ${item}`);
    if (a.items.length > MAX_ITEMS) lines.push(`      … ${a.items.length - MAX_ITEMS} more`);
  }
  if (!r.advice.length) lines.push('  no advice: nothing found / 未发现问题');
  lines.push('  Largest layers (files of 4 KB and more) / 最大的层（4 KB 及以上文件）:');
  for (const l of r.layers) lines.push(`      ${formatBytes(l.bytes).padStart(9)}  ${l.digest.slice(7, 19)}  ${(l.createdBy ?? '').slice(0, 70)}`);
  lines.push('  Largest files / 最大的文件:');
  for (const f of r.largestFiles) lines.push(`      ${formatBytes(f.size).padStart(9)}  ${f.path}`);
  if (r.suggestedBase) {
    lines.push(`  Slimmer base / 建议基础镜像: ${r.suggestedBase.image} — about ${formatBytes(r.suggestedBase.estimatedSavedBytes)} less (estimate / 估算: ${r.suggestedBase.why})`);
  }
  for (const n of r.notes) lines.push(`  note / 说明: ${n}`);
  return `${lines.join('\n')}\n`;
}
