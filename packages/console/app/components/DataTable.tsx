// A list as the server pages it: only the visible page is fetched (`limit`/`offset`), sorting is
// the server's, so a list of 100,000 rows costs what a list of 50 does. Page, size and sort are
// kept in the address under `prefix` (several tables can share a page).
import { Alert as Notice, Table } from 'antd';
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table';
import type { SorterResult } from 'antd/es/table/interface';
import type { Key } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOptions } from '../api/client.ts';
import type { EndpointKey, Endpoints } from '../api/endpoints.ts';
import type { Page } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { useUrlParams } from './useUrlParams.ts';

export type ListKey = { [K in EndpointKey]: Endpoints[K]['response'] extends Page<unknown> ? K : never }[EndpointKey];
export type Row<K extends ListKey> = Endpoints[K]['response'] extends Page<infer R> ? R : never;

interface Props<K extends ListKey> {
  endpoint: K;
  /** Accessible name of the table. */
  label: string;
  columns: ColumnsType<Row<K>>;
  rowKey: (row: Row<K>) => string;
  path?: RequestOptions<K>['path'];
  filters?: Record<string, string>;
  version?: number;
  prefix?: string;
  selected?: string[];
  onSelect?: (ids: string[]) => void;
  expandable?: (row: Row<K>) => React.ReactNode;
}

const SIZES = [20, 50, 100];

export default function DataTable<K extends ListKey>(props: Props<K>) {
  const { t } = useTranslation();
  const [params, update] = useUrlParams();
  const p = props.prefix ?? '';
  const page = Math.max(1, Number(params.get(`${p}page`) ?? 1) || 1);
  const size = SIZES.includes(Number(params.get(`${p}size`))) ? Number(params.get(`${p}size`)) : SIZES[0]!;
  const sort = params.get(`${p}sort`) ?? undefined;
  const order = params.get(`${p}order`) === 'asc' ? 'asc' : 'desc';
  const query = { ...props.filters, limit: size, offset: (page - 1) * size, ...(sort ? { sort, order } : {}) };
  const { data, error, loading } = useApi(props.endpoint, { path: props.path, query } as RequestOptions<K>, props.version);
  const list = data as Page<Row<K>> | undefined;

  const columns = props.columns.map((column) =>
    column.key && column.key === sort ? { ...column, sortOrder: order === 'asc' ? ('ascend' as const) : ('descend' as const) } : column,
  );

  const onChange = (pagination: TablePaginationConfig, _f: unknown, sorter: SorterResult<Row<K>> | SorterResult<Row<K>>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const nextSort = s?.order ? String(s.columnKey) : undefined;
    update(
      {
        [`${p}page`]: String(pagination.current ?? 1),
        [`${p}size`]: String(pagination.pageSize ?? size),
        [`${p}sort`]: nextSort,
        [`${p}order`]: nextSort ? (s?.order === 'ascend' ? 'asc' : 'desc') : undefined,
      },
      true,
    );
  };

  return (
    <>
      {error && <Notice type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      <Table<Row<K>>
        aria-label={props.label}
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={list?.items ?? []}
        rowKey={props.rowKey}
        onChange={onChange}
        pagination={{
          current: page,
          pageSize: size,
          total: list?.total ?? 0,
          pageSizeOptions: SIZES,
          showSizeChanger: true,
          showTotal: (total) => t('table.total', { count: total }),
        }}
        rowSelection={
          props.onSelect
            ? { selectedRowKeys: props.selected ?? [], onChange: (keys: Key[]) => props.onSelect?.(keys.map(String)) }
            : undefined
        }
        expandable={props.expandable ? { expandedRowRender: props.expandable } : undefined}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
