/** Vulnerabilities and compliance. */
import { z } from 'zod';
import { notFound } from '../http/api-error.ts';
import { type RouteSpec, route } from '../http/route.ts';
import { boolString, findingSchema, jsonObject, pageOf, pageQuery } from '../http/schemas.ts';
import { SORT_KEYS, type FindingRecord } from '../store/store.ts';
import type { Services } from '../services.ts';

const CSV_COLUMNS = ['vuln_id', 'severity', 'priority', 'target_kind', 'target_id', 'package_name', 'package_version', 'fixed_version', 'exposure', 'known_exploited', 'first_seen', 'title'] as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote when needed; a leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly FindingRecord[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

const SEVERITY_WORDS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NEGLIGIBLE', 'UNKNOWN'] as const;

export function postureRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'GET',
      path: '/vulnerabilities',
      summary: 'Vulnerability findings, most urgent first; ?format=csv exports / 漏洞列表',
      tag: 'vulnerabilities',
      access: 'viewer',
      produces: 'text/csv',
      query: pageQuery(SORT_KEYS.findings).extend({
        severity: z
          .string()
          .transform((v) => v.toUpperCase().split(',').filter(Boolean))
          .pipe(z.array(z.enum(SEVERITY_WORDS)))
          .optional(),
        host_id: z.string().optional(),
        image: z.string().optional(),
        fixable: boolString.optional(),
        q: z.string().optional(),
        format: z.enum(['json', 'csv']).default('json'),
        limit: z.coerce.number().int().min(1).max(100_000).default(50),
      }),
      response: pageOf(findingSchema),
      async handler({ query, reply }) {
        const { format, ...q } = query;
        const page = await s.store.listFindings({ ...q, sort: q.sort ?? 'priority' });
        if (format === 'csv') return reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="vulnerabilities.csv"').send(toCsv(page.items));
        return page;
      },
    }),
    route({
      method: 'GET',
      path: '/vulnerabilities/{id}',
      summary: 'One vulnerability: affected hosts and images, fix advice / 漏洞详情',
      tag: 'vulnerabilities',
      access: 'viewer',
      params: z.object({ id: z.string().min(1) }),
      response: z.object({
        id: z.string(),
        aliases: z.array(z.string()),
        title: z.string(),
        severity: z.string(),
        cvss_score: z.number().nullable(),
        known_exploited: z.boolean(),
        affected: z.array(findingSchema),
        fix: z.object({ en: z.string(), zh: z.string() }),
      }),
      async handler({ params }) {
        const affected = (await s.store.listFindings({ vuln_id: params.id, limit: 10_000, sort: 'priority' })).items;
        if (affected.length === 0) throw notFound(`vulnerability ${params.id}`);
        const first = affected[0];
        const fixes = [...new Set(affected.filter((f) => f.fixed_version).map((f) => `${f.package_name} ${f.fixed_version}`))];
        const fix = fixes.length
          ? { en: `Upgrade to ${fixes.join(', ')} or later.`, zh: `升级到 ${fixes.join('、')} 或更高版本。` }
          : { en: 'No fixed version published yet: reduce exposure (stop or isolate the service) and watch for an update.', zh: '暂无修复版本：请降低暴露面（停止或隔离服务）并关注更新。' };
        return { id: params.id, aliases: first.aliases, title: first.title, severity: first.severity, cvss_score: first.cvss_score, known_exploited: affected.some((f) => f.known_exploited), affected, fix };
      },
    }),
    route({
      method: 'GET',
      path: '/compliance/reports',
      summary: 'Compliance reports received / 合规报告',
      tag: 'compliance',
      access: 'viewer',
      query: pageQuery(SORT_KEYS.compliance_reports).extend({ profile: z.string().optional(), host_id: z.string().optional() }),
      response: pageOf(z.object({ id: z.string(), host_id: z.string(), profile: z.string(), time: z.string(), pass: z.number().int(), fail: z.number().int(), warn: z.number().int(), manual: z.number().int() })),
      async handler({ query }) {
        return s.store.listComplianceReports(query);
      },
    }),
    route({
      method: 'GET',
      path: '/compliance/results',
      summary: 'Latest result of each check per host and profile / 合规检查结果',
      tag: 'compliance',
      access: 'viewer',
      query: pageQuery(SORT_KEYS.compliance_results).extend({ profile: z.string().optional(), host_id: z.string().optional(), status: z.enum(['pass', 'fail', 'warn', 'manual']).optional() }),
      response: pageOf(jsonObject),
      async handler({ query }) {
        return s.store.listComplianceResults(query);
      },
    }),
  ];
}
