// One host: what it is, what runs and listens on it, what changed, what is vulnerable, what fired.
import { Descriptions, Empty } from 'antd';
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
import UrlTabs from '../components/UrlTabs.tsx';
import { formatTime } from '../format.ts';

export default function HostPage() {
  const { t } = useTranslation();
  const id = useParams().id!;
  const host = useApi('GET /hosts/{id}', { path: { id } });
  const inventory = useApi('GET /hosts/{id}/inventory', { path: { id } });
  const alertVersion = useLive('alert', 'alert.update');
  const alertColumns = useAlertColumns();
  const findingColumns = useFindingColumns();
  const h = host.data;
  if (!h) return <Loading error={host.error} />;
  const tables = inventory.data?.items ?? [];

  const inventoryTab = (names: string[]) => {
    const present = tables.filter((table) => names.includes(table.table) && (table.rows.length > 0 || table.error));
    if (!inventory.data) return <Loading error={inventory.error} />;
    return present.length ? present.map((table) => <InventoryTable key={table.table} table={table} />) : <Empty />;
  };

  return (
    <>
      <PageTitle title={`${t('common.host')}: ${h.name}`} />
      <UrlTabs
        items={[
          {
            key: 'summary',
            label: t('hosts.tabs.summary'),
            render: () => (
              <Descriptions
                bordered
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'id', label: 'ID', children: h.id },
                  { key: 'name', label: t('common.name'), children: h.name },
                  { key: 'os', label: t('hosts.os'), children: h.os ?? '—' },
                  { key: 'addresses', label: t('hosts.addresses'), children: h.addresses.join(', ') || '—' },
                  { key: 'group', label: t('common.group'), children: h.group_id ?? '—' },
                  { key: 'first', label: t('common.firstSeen'), children: formatTime(h.first_seen) },
                  { key: 'last', label: t('common.lastSeen'), children: formatTime(h.last_seen) },
                  { key: 'tables', label: t('hosts.inventoryTables'), children: tables.length },
                ]}
              />
            ),
          },
          ...Object.entries(INVENTORY_TABS).map(([key, names]) => ({ key, label: t(`hosts.tabs.${key}`), render: () => inventoryTab(names) })),
          { key: 'changes', label: t('hosts.tabs.changes'), render: () => <InventoryChanges hostId={id} /> },
          {
            key: 'vulnerabilities',
            label: t('nav.vulnerabilities'),
            render: () => <DataTable endpoint="GET /vulnerabilities" label={t('nav.vulnerabilities')} prefix="v" filters={{ host_id: id }} rowKey={(f) => f.id} columns={findingColumns} />,
          },
          {
            key: 'alerts',
            label: t('nav.alerts'),
            render: () => <DataTable endpoint="GET /alerts" label={t('nav.alerts')} prefix="a" filters={{ host_id: id }} version={alertVersion} rowKey={(a) => a.id} columns={alertColumns} />,
          },
        ]}
      />
    </>
  );
}
