// What each inventory snapshot changed on a host, newest first: rows added, removed, changed.
import { Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InventoryRow } from '../api/types.ts';
import { formatTime } from '../format.ts';
import DataTable from './DataTable.tsx';
import { INVENTORY_TABLES } from './inventoryTabs.ts';
import JsonBlock from './JsonBlock.tsx';
import { pick, useUrlParams } from './useUrlParams.ts';

const brief = (row: InventoryRow) => Object.values(row).slice(0, 3).map(String).join(' · ');

export default function InventoryChanges({ hostId }: { hostId: string }) {
  const { t } = useTranslation();
  const [params, update] = useUrlParams();
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('inventory.table')}
          placeholder={t('inventory.table')}
          allowClear
          value={params.get('table') ?? undefined}
          onChange={(table?: string) => update({ table })}
          style={{ width: 220 }}
          options={INVENTORY_TABLES.map((name) => ({ value: name, label: t(`inventory.tables.${name}`, { defaultValue: name }) }))}
        />
      </Space>
      <DataTable
        endpoint="GET /hosts/{id}/inventory/changes"
        path={{ id: hostId }}
        label={t('hosts.tabs.changes')}
        prefix="c"
        filters={pick(params, ['table'])}
        rowKey={(c) => `${c.snapshot_id}:${c.table}`}
        expandable={(c) => <JsonBlock label={t('inventory.changeDetail')} value={{ added: c.added, removed: c.removed, changed: c.changed }} />}
        columns={[
          { title: t('common.time'), key: 'time', sorter: true, render: (_, c) => formatTime(c.time) },
          { title: t('inventory.table'), key: 'table', render: (_, c) => t(`inventory.tables.${c.table}`, { defaultValue: c.table }) },
          {
            title: t('inventory.change'),
            key: 'change',
            render: (_, c) => (
              <Space wrap>
                {c.added.length > 0 && <Tag color="green">+{c.added.length} {c.added[0] && brief(c.added[0])}</Tag>}
                {c.removed.length > 0 && <Tag color="red">−{c.removed.length} {c.removed[0] && brief(c.removed[0])}</Tag>}
                {c.changed.length > 0 && <Tag color="gold">~{c.changed.length}</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
