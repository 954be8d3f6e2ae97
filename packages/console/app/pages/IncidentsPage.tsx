import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLive } from '../api/live.ts';
import DataTable from '../components/DataTable.tsx';
import PageTitle from '../components/PageTitle.tsx';
import ParamSearch from '../components/ParamSearch.tsx';
import ParamSelect from '../components/ParamSelect.tsx';
import SeverityTag from '../components/SeverityTag.tsx';
import StatusTag from '../components/StatusTag.tsx';
import { pick, useUrlParams } from '../components/useUrlParams.ts';
import { formatTime } from '../format.ts';
import HostLink from '../components/HostLink.tsx';

export default function IncidentsPage() {
  const { t } = useTranslation();
  const [params] = useUrlParams();
  const live = useLive('alert');
  return (
    <>
      <PageTitle title={t('nav.incidents')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <ParamSelect name="status" label={t('common.status')} options={['open', 'closed'].map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        <ParamSearch name="host_id" label={t('common.host')} width={200} />
      </Space>
      <DataTable
        endpoint="GET /incidents"
        label={t('nav.incidents')}
        filters={pick(params, ['status', 'host_id'])}
        version={live}
        rowKey={(i) => i.id}
        columns={[
          { title: t('common.severity'), key: 'severity', sorter: true, render: (_, i) => <SeverityTag severity={i.severity} /> },
          { title: t('incidents.title'), key: 'title', render: (_, i) => <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link> },
          { title: t('common.host'), key: 'host', render: (_, i) => <HostLink item={i} /> },
          { title: t('incidents.alerts'), dataIndex: 'alert_count' },
          { title: t('common.status'), key: 'status', render: (_, i) => <StatusTag status={i.status} /> },
          { title: t('common.firstSeen'), key: 'first_seen', sorter: true, render: (_, i) => formatTime(i.first_seen) },
          { title: t('common.lastSeen'), key: 'last_seen', sorter: true, render: (_, i) => formatTime(i.last_seen) },
        ]}
      />
    </>
  );
}
