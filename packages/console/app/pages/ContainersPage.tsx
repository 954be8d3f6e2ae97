// Running containers with what is risky in how they run (and what to do about it), and the
// images behind them with their vulnerability findings.
import { List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Container } from '../api/types.ts';
import DataTable from '../components/DataTable.tsx';
import PageTitle from '../components/PageTitle.tsx';
import ParamSearch from '../components/ParamSearch.tsx';
import SeverityTag from '../components/SeverityTag.tsx';
import UrlTabs from '../components/UrlTabs.tsx';
import { pick, useUrlParams } from '../components/useUrlParams.ts';
import { formatTime } from '../format.ts';
import { containerRisks } from '../components/containerRisks.ts';

function Risks({ container }: { container: Container }) {
  const { t } = useTranslation();
  const risks = containerRisks(container);
  if (risks.length === 0) return <Typography.Text type="secondary">{t('containers.noRisks')}</Typography.Text>;
  return (
    <List
      size="small"
      aria-label={t('containers.hardening')}
      dataSource={risks}
      renderItem={(risk) => (
        <List.Item>
          <List.Item.Meta
            title={<Space><SeverityTag severity={risk.severity} />{t(`containers.riskTypes.${risk.id}.title`)}<Typography.Text type="secondary">CIS {risk.cis}</Typography.Text></Space>}
            description={`${t('containers.advice')}: ${t(`containers.riskTypes.${risk.id}.advice`)}`}
          />
        </List.Item>
      )}
    />
  );
}

export default function ContainersPage() {
  const { t } = useTranslation();
  const [params] = useUrlParams();
  const filters = pick(params, ['host_id']);
  return (
    <>
      <PageTitle title={t('nav.containers')} />
      <UrlTabs
        clear={['q']}
        items={[
          {
            key: 'containers',
            label: t('containers.containers'),
            render: () => (
              <DataTable
                endpoint="GET /containers"
                label={t('containers.containers')}
                filters={filters}
                rowKey={(c) => `${c.host_id}:${c.id}`}
                expandable={(c) => <Risks container={c} />}
                columns={[
                  { title: t('common.name'), key: 'name', render: (_, c) => c.name },
                  { title: t('common.image'), key: 'image', render: (_, c) => c.image },
                  { title: t('common.host'), key: 'host', render: (_, c) => <Link to={`/hosts/${encodeURIComponent(c.host_id)}?tab=containers`}>{c.host_id}</Link> },
                  { title: t('containers.state'), key: 'state', render: (_, c) => c.state ?? '—' },
                  {
                    title: t('containers.risks'),
                    key: 'risks',
                    render: (_, c) => {
                      const count = containerRisks(c).length;
                      return count ? <Tag color="red">{t('containers.riskCount', { count })}</Tag> : <Tag color="green">{t('containers.noRisks')}</Tag>;
                    },
                  },
                ]}
              />
            ),
          },
          {
            key: 'images',
            label: t('containers.images'),
            render: () => (
              <>
              <Space wrap style={{ marginBottom: 12 }}>
                <ParamSearch label={t('containers.search')} />
              </Space>
              <DataTable
                endpoint="GET /images"
                label={t('containers.images')}
                filters={pick(params, ['q', 'host_id'])}
                rowKey={(i) => i.digest}
                columns={[
                  { title: t('common.name'), key: 'name', sorter: true, render: (_, i) => <Link to={`/vulnerabilities?image=${encodeURIComponent(i.digest)}`}>{i.name}</Link> },
                  { title: t('containers.tags'), key: 'tags', render: (_, i) => i.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) },
                  { title: t('hosts.os'), key: 'os', render: (_, i) => i.os ?? '—' },
                  { title: t('containers.scanned'), key: 'scanned', render: (_, i) => (i.scan_error ? <Tag color="orange">{i.scan_error}</Tag> : formatTime(i.scanned_at)) },
                  { title: t('nav.vulnerabilities'), key: 'findings', render: (_, i) => <Link to={`/vulnerabilities?image=${encodeURIComponent(i.digest)}`}>{i.findings}</Link> },
                  { title: t('nav.hosts'), key: 'hosts', render: (_, i) => i.host_ids.length },
                  { title: t('common.lastSeen'), key: 'last_seen', sorter: true, render: (_, i) => formatTime(i.last_seen) },
                ]}
              />
              </>
            ),
          },
        ]}
      />
    </>
  );
}
