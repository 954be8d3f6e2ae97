// The estate at a glance: who reports, what fired, where the holes are, how compliant it is.
import { Col, Descriptions, Empty, Progress, Row, Statistic, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLive } from '../api/live.ts';
import { SEVERITIES, type Inspection, type Overview, type TargetCount } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import Loading from '../components/Loading.tsx';
import PageTitle from '../components/PageTitle.tsx';
import Panel from '../components/Panel.tsx';
import { SEVERITY_COLORS } from '../components/SeverityTag.tsx';
import StackedBars, { type Series } from '../components/StackedBars.tsx';
import { formatDay, formatTime } from '../format.ts';

/** The server's UTC day buckets of the last 14 days, days without alerts included. */
function dayBuckets(rows: Overview['alerts_by_severity']): string[] {
  const byDay = (iso: string) => iso.slice(0, 10);
  const days = new Set(rows.map((row) => byDay(row.bucket)));
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  for (let i = 0; i < 14; i++) days.add(new Date(today - i * 86_400_000).toISOString().slice(0, 10));
  return [...days].sort();
}

function alertSeries(overview: Overview, t: (key: string) => string): { labels: string[]; series: Series[] } {
  const buckets = dayBuckets(overview.alerts_by_severity);
  return {
    labels: buckets.map((day) => formatDay(day)),
    series: [...SEVERITIES].reverse().map((severity) => ({
      name: t(`severity.${severity}`),
      color: SEVERITY_COLORS[severity]!,
      values: buckets.map((day) => overview.alerts_by_severity.filter((row) => row.bucket.startsWith(day) && row.severity === severity).reduce((sum, row) => sum + row.count, 0)),
    })),
  };
}

function TopTargets({ rows, kind, label, names }: { rows: TargetCount[]; kind: 'host' | 'image'; label: string; names: Map<string, string> }) {
  const { t } = useTranslation();
  const link = (row: TargetCount) => (kind === 'host' ? `/hosts/${encodeURIComponent(row.target_id)}?tab=vulnerabilities` : `/vulnerabilities?image=${encodeURIComponent(row.target_id)}`);
  return (
    <ol aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {rows.map((row) => (
        <li key={row.target_id} style={{ display: 'flex', justifyContent: 'space-between', gap: 8, padding: '6px 0', borderBottom: '1px solid #f5f5f5' }}>
          <Link to={link(row)}>{names.get(row.target_id) ?? (kind === 'image' ? row.target_id.slice(0, 19) : row.target_id)}</Link>
          <span>
            <Tag color={SEVERITY_COLORS.critical}>{t('severity.critical')} {row.critical}</Tag>
            <Tag color={SEVERITY_COLORS.high}>{t('severity.high')} {row.high}</Tag>
            {t('common.total')} {row.total}
          </span>
        </li>
      ))}
      {rows.length === 0 && <Empty />}
    </ol>
  );
}

/** The inspection's findings as counts: each list in the report is how many things to look at. */
function InspectionSummary({ inspection }: { inspection: Inspection }) {
  const { t, i18n } = useTranslation();
  const counts = Object.entries(inspection.report).filter(([, value]) => Array.isArray(value) || typeof value === 'number');
  // Reports carry their summary in both languages (older ones have none).
  const summary = inspection.report.summary as { en: string; zh: string } | undefined;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 4 }}
      items={[
        { key: 'time', label: t('common.time'), children: formatTime(inspection.time) },
        { key: 'group', label: t('common.group'), children: String(inspection.report.group_name ?? inspection.group_id) },
        ...(summary ? [{ key: 'summary', label: t('inspection.summary'), span: 'filled' as const, children: i18n.language === 'zh-CN' ? summary.zh : summary.en }] : []),
        ...counts.map(([name, value]) => ({ key: name, label: t(`inspection.${name}`, { defaultValue: name }), children: Array.isArray(value) ? value.length : String(value) })),
      ]}
    />
  );
}

export default function OverviewPage() {
  const { t } = useTranslation();
  const version = useLive('alert', 'agent.status');
  const { data, error } = useApi('GET /overview', {}, version);
  const hosts = useApi('GET /hosts', { query: { limit: 1000 } });
  const images = useApi('GET /images', { query: { limit: 1000 } });
  const hostNames = useMemo(() => new Map(hosts.data?.items.map((h) => [h.id, h.name])), [hosts.data]);
  const imageNames = useMemo(() => new Map(images.data?.items.map((i) => [i.digest, i.name])), [images.data]);
  const chart = useMemo(() => data && alertSeries(data, t), [data, t]);
  if (!data || !chart) return <Loading error={error} />;
  const inspection = data.latest_inspection;
  return (
    <>
      <PageTitle title={t('overview.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Panel title={t('overview.agents')}>
            <Row>
              <Col span={12}>
                <Statistic title={t('status.online')} value={data.agents.online} />
              </Col>
              <Col span={12}>
                <Statistic title={t('status.offline')} value={data.agents.offline} />
              </Col>
              <Col span={24}>
                <Link to="/alerts?status=new">
                  <Statistic title={t('overview.openAlerts')} value={data.open_alerts} />
                </Link>
              </Col>
            </Row>
            <Progress
              type="dashboard"
              format={(percent) => `${percent}%`}
              percent={Math.round((data.agents.online / Math.max(1, data.agents.online + data.agents.offline)) * 100)}
              aria-label={t('overview.agentsOnline')}
              style={{ display: 'block', margin: '16px auto 0', width: 'fit-content' }}
            />
          </Panel>
        </Col>
        <Col xs={24} md={16}>
          <Panel title={t('overview.alertsBySeverity')} extra={<Link to="/alerts">{t('common.viewAll')}</Link>}>
            {data.alerts_by_severity.length ? <StackedBars labels={chart.labels} series={chart.series} label={t('overview.alertsBySeverity')} /> : <Empty />}
          </Panel>
        </Col>
        <Col xs={24} md={8}>
          <Panel title={t('overview.compliance')} extra={<Link to="/compliance">{t('common.viewAll')}</Link>}>
            {data.compliance_score === null ? (
              <Empty />
            ) : (
              <Progress type="dashboard" format={(percent) => `${percent}%`} percent={Math.round(data.compliance_score)} aria-label={t('overview.compliance')} style={{ display: 'block', margin: '0 auto', width: 'fit-content' }} />
            )}
          </Panel>
        </Col>
        <Col xs={24} md={8}>
          <Panel title={t('overview.topHosts')} extra={<Link to="/vulnerabilities">{t('common.viewAll')}</Link>}>
            <TopTargets rows={data.top_vulnerable_hosts} kind="host" label={t('overview.topHosts')} names={hostNames} />
          </Panel>
        </Col>
        <Col xs={24} md={8}>
          <Panel title={t('overview.topImages')} extra={<Link to="/containers?tab=images">{t('common.viewAll')}</Link>}>
            <TopTargets rows={data.top_vulnerable_images} kind="image" label={t('overview.topImages')} names={imageNames} />
          </Panel>
        </Col>
        <Col xs={24}>
          <Panel title={t('overview.inspection')}>
            {inspection ? <InspectionSummary inspection={inspection} /> : <Empty description={t('overview.noInspection')} />}
          </Panel>
        </Col>
      </Row>
    </>
  );
}
