// One host: what it is, what runs and listens on it, what changed, what is vulnerable, what fired.
import { Descriptions, Empty, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useLive } from '../api/live.ts';
import { useApi } from '../api/useApi.ts';
import { useAlertColumns } from '../components/alertColumns.tsx';
import DataTable from '../components/DataTable.tsx';
import { useFindingColumns } from '../components/findingColumns.tsx';
import InventoryChanges from '../components/InventoryChanges.tsx';
import InventoryTable from '../components/InventoryTable.tsx';
import { INVENTORY_TABS } from '../components/inventoryTabs.ts';
import Loading from '../components/Loading.tsx';
import PageTitle from '../components/PageTitle.tsx';
import { useUrlParams } from '../components/useUrlParams.ts';
import { formatTime } from '../format.ts';

export default function HostPage() {
  const { t } = useTranslation();
  const id = useParams().id!;
  const [params, update] = useUrlParams();
  const tab = params.get('tab') ?? 'summary';
  const host = useApi('GET /hosts/{id}', { path: { id } });
  const inventory = useApi('GET /hosts/{id}/inventory', { path: { id } });
  const alertVersion = useLive('alert', 'alert.update');
  const alertColumns = useAlertColumns();
  const findingColumns = useFindingColumns();
  if (!host.data) return <Loading error={host.error} />;
  const tables = inventory.data?.items ?? [];

  const inventoryTab = (names: string[]) => {
    const present = tables.filter((table) => names.includes(table.table) && (table.rows.length > 0 || table.error));
    if (!inventory.data) return <Loading error={inventory.error} />;
    return present.length ? present.map((table) => <InventoryTable key={table.table} table={table} />) : <Empty />;
  };

  return (
    <>
      <PageTitle title={`${t('common.host')}: ${host.data.name}`} />
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key })}
        items={[
          {
            key: 'summary',
            label: t('hosts.tabs.summary'),
            children: (
              <Descriptions
                bordered
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'id', label: 'ID', children: host.data.id },
                  { key: 'name', label: t('common.name'), children: host.data.name },
                  { key: 'os', label: t('hosts.os'), children: host.data.os ?? '—' },
                  { key: 'addresses', label: t('hosts.addresses'), children: host.data.addresses.join(', ') || '—' },
                  { key: 'group', label: t('common.group'), children: host.data.group_id ?? '—' },
                  { key: 'first', label: t('common.firstSeen'), children: formatTime(host.data.first_seen) },
                  { key: 'last', label: t('common.lastSeen'), children: formatTime(host.data.last_seen) },
                  { key: 'tables', label: t('hosts.inventoryTables'), children: tables.length },
                ]}
              />
            ),
          },
          ...Object.entries(INVENTORY_TABS).map(([key, names]) => ({ key, label: t(`hosts.tabs.${key}`), children: tab === key ? inventoryTab(names) : null })),
          { key: 'changes', label: t('hosts.tabs.changes'), children: tab === 'changes' ? <InventoryChanges hostId={id} /> : null },
          {
            key: 'vulnerabilities',
            label: t('nav.vulnerabilities'),
            children: tab === 'vulnerabilities' ? <DataTable endpoint="GET /vulnerabilities" label={t('nav.vulnerabilities')} prefix="v" filters={{ host_id: id }} rowKey={(f) => f.id} columns={findingColumns} /> : null,
          },
          {
            key: 'alerts',
            label: t('nav.alerts'),
            children: tab === 'alerts' ? <DataTable endpoint="GET /alerts" label={t('nav.alerts')} prefix="a" filters={{ host_id: id }} version={alertVersion} rowKey={(a) => a.id} columns={alertColumns} /> : null,
          },
        ]}
      />
    </>
  );
}
