import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import DataTable from '../components/DataTable.tsx';
import PageTitle from '../components/PageTitle.tsx';
import ParamSearch from '../components/ParamSearch.tsx';
import { pick, useUrlParams } from '../components/useUrlParams.ts';
import { formatTime } from '../format.ts';

export default function HostsPage() {
  const { t } = useTranslation();
  const [params] = useUrlParams();
  return (
    <>
      <PageTitle title={t('nav.hosts')} />
      <Space style={{ marginBottom: 12 }}>
        <ParamSearch label={t('hosts.search')} />
      </Space>
      <DataTable
        endpoint="GET /hosts"
        label={t('nav.hosts')}
        filters={pick(params, ['q'])}
        rowKey={(host) => host.id}
        columns={[
          { title: t('common.name'), key: 'name', sorter: true, render: (_, host) => <Link to={`/hosts/${encodeURIComponent(host.id)}`}>{host.name}</Link> },
          { title: t('hosts.os'), dataIndex: 'os' },
          { title: t('hosts.addresses'), key: 'addresses', render: (_, host) => host.addresses.join(', ') },
          { title: t('common.lastSeen'), key: 'last_seen', sorter: true, render: (_, host) => formatTime(host.last_seen) },
          { title: t('common.firstSeen'), key: 'first_seen', sorter: true, render: (_, host) => formatTime(host.first_seen) },
        ]}
      />
    </>
  );
}
