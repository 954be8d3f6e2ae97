// One inventory table as the agent reported it (osquery-like rows): columns from the rows' own
// fields, searchable, paged in the browser (a host's table is bounded by the host).
import { Alert as Notice, Input, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InventoryRow, InventoryTable as Table_ } from '../api/types.ts';
import { formatTime } from '../format.ts';

const cell = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

export default function InventoryTable({ table }: { table: Table_ }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const columns = useMemo(() => {
    const names = new Set<string>();
    for (const row of table.rows.slice(0, 50)) for (const name of Object.keys(row)) names.add(name);
    return [...names].map((name) => ({ title: name, key: name, render: (_: unknown, row: InventoryRow) => cell(row[name]) }));
  }, [table]);
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const indexed = table.rows.map((row, index) => ({ ...row, __key: index }));
    return needle ? indexed.filter((row) => Object.values(row).some((v) => cell(v).toLowerCase().includes(needle))) : indexed;
  }, [table, q]);
  const label = t(`inventory.tables.${table.table}`, { defaultValue: table.table });
  return (
    <section aria-label={label} style={{ marginBottom: 24 }}>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {label} <Typography.Text type="secondary">({table.rows.length}) · {formatTime(table.updated_at)}</Typography.Text>
      </Typography.Title>
      {table.error && <Notice type="warning" showIcon title={table.error} style={{ marginBottom: 8 }} />}
      <Input.Search aria-label={t('inventory.search', { table: label })} placeholder={t('common.search')} allowClear onChange={(e) => setQ(e.target.value)} style={{ maxWidth: 320, marginBottom: 8 }} />
      <Table aria-label={label} size="small" rowKey="__key" columns={columns} dataSource={rows} pagination={{ pageSize: 20, showSizeChanger: false }} scroll={{ x: 'max-content' }} />
    </section>
  );
}
