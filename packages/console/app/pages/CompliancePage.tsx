// Benchmarks: each report's score, and each check's latest result with its evidence and the
// remediation, in the reader's language. The visible results export as CSV.
import { Button, Card, Col, Progress, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ComplianceResult } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import DataTable from '../components/DataTable.tsx';
import JsonBlock from '../components/JsonBlock.tsx';
import PageTitle from '../components/PageTitle.tsx';
import ParamSelect from '../components/ParamSelect.tsx';
import StatusTag from '../components/StatusTag.tsx';
import { pick, useUrlParams } from '../components/useUrlParams.ts';
import { formatTime } from '../format.ts';
import { toCsv } from '../csv.ts';

const FILTERS = ['profile', 'host_id', 'status'] as const;
const EXPORT_LIMIT = 10000;

function localized(text: ComplianceResult['title'] | ComplianceResult['remediation'], zh: boolean): string {
  if (!text) return '';
  if (typeof text === 'string') return text;
  return (zh && text.zh) || text.en;
}

export default function CompliancePage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const [params] = useUrlParams();
  const filters = pick(params, FILTERS);
  const reports = useApi('GET /compliance/reports', { query: { limit: 12, ...pick(params, ['profile', 'host_id']) } });
  const profiles = [...new Set(reports.data?.items.map((r) => r.profile) ?? [])];

  const exportCsv = async () => {
    const page = await api('GET /compliance/results', { query: { ...filters, limit: EXPORT_LIMIT } });
    const csv = toCsv(
      ['host_id', 'profile', 'check_id', 'title', 'status', 'remediation', 'time'],
      page.items.map((r) => [r.host_id, r.profile, r.check_id, localized(r.title, zh), r.status, localized(r.remediation, zh), r.time]),
    );
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.download = 'compliance.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <>
      <PageTitle title={t('nav.compliance')} extra={<Button onClick={() => void exportCsv()}>{t('common.exportCsv')}</Button>} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {reports.data?.items.map((r) => {
          const scored = r.pass + r.fail + r.warn;
          return (
            <Col key={r.id} xs={24} md={8} xl={6}>
              <Card size="small" title={r.profile}>
                <Space align="center">
                  <Progress type="circle" size={72} percent={scored ? Math.round((r.pass / scored) * 100) : 0} aria-label={t('compliance.score', { profile: r.profile })} />
                  <div>
                    <div>{r.host_id}</div>
                    <Typography.Text type="secondary">{formatTime(r.time)}</Typography.Text>
                    <div>
                      <StatusTag status="pass" />{r.pass} <StatusTag status="fail" />{r.fail}
                    </div>
                  </div>
                </Space>
              </Card>
            </Col>
          );
        })}
      </Row>
      <Space wrap style={{ marginBottom: 12 }}>
        <ParamSelect name="profile" label={t('compliance.profile')} options={profiles.map((p) => ({ value: p, label: p }))} width={220} />
        <ParamSelect name="status" label={t('common.status')} options={['pass', 'fail', 'warn', 'manual'].map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </Space>
      <DataTable
        endpoint="GET /compliance/results"
        label={t('compliance.results')}
        filters={filters}
        rowKey={(r) => `${r.host_id}:${r.profile}:${r.check_id}`}
        expandable={(r) => (
          <>
            <Typography.Title level={4} style={{ fontSize: 14 }}>{t('compliance.remediation')}</Typography.Title>
            <Typography.Paragraph>{localized(r.remediation, zh) || '—'}</Typography.Paragraph>
            <Typography.Title level={4} style={{ fontSize: 14 }}>{t('compliance.evidence')}</Typography.Title>
            <JsonBlock label={t('compliance.evidence')} value={r.evidence ?? null} />
          </>
        )}
        columns={[
          { title: t('compliance.check'), key: 'check_id', sorter: true, dataIndex: 'check_id' },
          { title: t('compliance.title'), key: 'title', render: (_, r) => localized(r.title, zh) },
          { title: t('common.status'), key: 'status', render: (_, r) => <StatusTag status={r.status} /> },
          { title: t('compliance.profile'), dataIndex: 'profile' },
          { title: t('common.host'), dataIndex: 'host_id' },
          { title: t('common.time'), key: 'time', sorter: true, render: (_, r) => formatTime(r.time) },
        ]}
      />
    </>
  );
}
