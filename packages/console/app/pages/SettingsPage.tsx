// Who may use the console and how (users, roles, API and enrollment tokens), where alerts go
// (outputs), and how long data is kept (retention and other server settings).
import { Descriptions, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Response } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
import Loading from '../components/Loading.tsx';
import PageTitle from '../components/PageTitle.tsx';
import SeverityTag from '../components/SeverityTag.tsx';
import UrlTabs from '../components/UrlTabs.tsx';
import { formatTime } from '../format.ts';

type ItemsKey = 'GET /users' | 'GET /tokens' | 'GET /enrollment-tokens' | 'GET /outputs';
type Item<K extends ItemsKey> = Response<K> extends { items: (infer R)[] } ? R : never;

function ItemsTable<K extends ItemsKey>({ endpoint, label, columns }: { endpoint: K; label: string; columns: ColumnsType<Item<K>> }) {
  const { data, error } = useApi(endpoint);
  if (!data) return <Loading error={error} />;
  return <Table<Item<K>> aria-label={label} size="middle" rowKey={(row) => (row as { id: string }).id} columns={columns} dataSource={data.items as Item<K>[]} pagination={false} />;
}

function SettingsList() {
  const { t } = useTranslation();
  const { data, error } = useApi('GET /settings');
  if (!data) return <Loading error={error} />;
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      items={Object.entries(data).map(([key, value]) => ({ key, label: t(`settings.keys.${key}`, { defaultValue: key }), children: typeof value === 'object' ? JSON.stringify(value) : String(value) }))}
    />
  );
}

export default function SettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('nav.settings')} />
      <UrlTabs
        items={[
          {
            key: 'users',
            label: t('settings.users'),
            render: () => (
              <ItemsTable
                endpoint="GET /users"
                label={t('settings.users')}
                columns={[
                  { title: t('login.username'), dataIndex: 'username' },
                  { title: t('settings.role'), key: 'role', render: (_, u) => <Tag>{t(`roles.${u.role}`)}</Tag> },
                  { title: t('settings.created'), key: 'created', render: (_, u) => formatTime(u.created_at) },
                ]}
              />
            ),
          },
          {
            key: 'tokens',
            label: t('settings.tokens'),
            render: () => (
              <ItemsTable
                endpoint="GET /tokens"
                label={t('settings.tokens')}
                columns={[
                  { title: t('common.name'), dataIndex: 'name' },
                  { title: t('settings.role'), key: 'role', render: (_, k) => <Tag>{t(`roles.${k.role}`)}</Tag> },
                  { title: t('settings.expires'), key: 'expires', render: (_, k) => formatTime(k.expires_at) },
                  { title: t('settings.lastUsed'), key: 'used', render: (_, k) => formatTime(k.last_used_at) },
                ]}
              />
            ),
          },
          {
            key: 'enrollment',
            label: t('settings.enrollment'),
            render: () => (
              <ItemsTable
                endpoint="GET /enrollment-tokens"
                label={t('settings.enrollment')}
                columns={[
                  { title: t('settings.description'), dataIndex: 'description' },
                  { title: t('common.group'), key: 'group', render: (_, k) => k.group_id ?? '—' },
                  { title: t('settings.uses'), dataIndex: 'uses' },
                  { title: t('settings.expires'), key: 'expires', render: (_, k) => formatTime(k.expires_at) },
                  { title: t('settings.created'), key: 'created', render: (_, k) => formatTime(k.created_at) },
                ]}
              />
            ),
          },
          {
            key: 'outputs',
            label: t('settings.outputs'),
            render: () => (
              <ItemsTable
                endpoint="GET /outputs"
                label={t('settings.outputs')}
                columns={[
                  { title: t('common.name'), dataIndex: 'name' },
                  { title: t('settings.type'), dataIndex: 'type' },
                  { title: t('settings.minSeverity'), key: 'sev', render: (_, o) => <SeverityTag severity={o.min_severity} /> },
                  { title: t('rules.enabled'), key: 'enabled', render: (_, o) => (o.enabled ? t('common.yes') : t('common.no')) },
                ]}
              />
            ),
          },
          { key: 'retention', label: t('settings.retention'), render: () => <SettingsList /> },
        ]}
      />
    </>
  );
}
