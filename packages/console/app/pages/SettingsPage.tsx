// Who may use the console and how (users, roles, API and enrollment tokens), where alerts go
// (outputs), how long data is kept (retention and other server settings), and what agent groups
// push to their agents. Every form writes through the server's own routes.
import { Alert as Notice, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Response } from '../api/client.ts';
import { ROLES, SEVERITIES, type AgentGroup, type OutputBody, type OutputConfig, type Role, type Settings } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { useFeedback } from '../components/Feedback.tsx';
import Loading from '../components/Loading.tsx';
import PageTitle from '../components/PageTitle.tsx';
import SeverityTag from '../components/SeverityTag.tsx';
import UrlTabs from '../components/UrlTabs.tsx';
import { formatTime } from '../format.ts';

type ItemsKey = 'GET /users' | 'GET /tokens' | 'GET /enrollment-tokens' | 'GET /outputs' | 'GET /agent-groups';
type Item<K extends ItemsKey> = Response<K> extends { items: (infer R)[] } ? R : never;

/** A server list, with the form that adds to it above; `columns` get `reload` for their row actions. */
function ItemsTable<K extends ItemsKey>({ endpoint, label, columns, form }: { endpoint: K; label: string; columns: (reload: () => void) => ColumnsType<Item<K>>; form?: (reload: () => void) => ReactNode }) {
  const { data, error, reload } = useApi(endpoint);
  if (!data) return <Loading error={error} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {form?.(reload)}
      <Table<Item<K>> aria-label={label} size="middle" rowKey={(row) => (row as { id: string }).id} columns={columns(reload)} dataSource={data.items as Item<K>[]} pagination={false} />
    </Space>
  );
}

type EditableKey = 'GET /outputs' | 'GET /agent-groups';

/**
 * A server list whose rows are edited in a modal: a button for a new one above, and edit and
 * delete on every row. `modal` gets the row (undefined for a new one) and closes with `saved`.
 */
function EditableItemsTable<K extends EditableKey>({
  endpoint,
  label,
  newLabel,
  columns,
  modal,
  remove,
}: {
  endpoint: K;
  label: string;
  newLabel: string;
  columns: ColumnsType<Item<K>>;
  modal: (item: Item<K> | undefined, onClose: (saved: boolean) => void) => ReactNode;
  remove: (item: Item<K>) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const change = useChange();
  const [editing, setEditing] = useState<Item<K> | 'new'>();
  return (
    <ItemsTable
      endpoint={endpoint}
      label={label}
      form={(reload) => (
        <>
          <Button type="primary" onClick={() => setEditing('new')}>
            {newLabel}
          </Button>
          {editing &&
            modal(editing === 'new' ? undefined : editing, (saved) => {
              setEditing(undefined);
              if (saved) reload();
            })}
        </>
      )}
      columns={(reload) => [
        ...columns,
        {
          title: t('settings.actions'),
          key: 'actions',
          render: (_, item) => {
            const { name } = item as { name: string }; // outputs and groups are both named
            return (
              <Space>
                <Button size="small" aria-label={`${t('settings.edit')} ${name}`} onClick={() => setEditing(item)}>
                  {t('settings.edit')}
                </Button>
                <DeleteButton name={name} label={t('settings.delete')} onConfirm={() => void change(() => remove(item), t('settings.deleted', { name })).then(reload)} />
              </Space>
            );
          },
        },
      ]}
    />
  );
}

/** Runs a change, then says so (or shows the server's error); true when it succeeded. */
function useChange() {
  const { message } = useFeedback();
  return async (change: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await change();
      message.success(done);
      return true;
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      return false;
    }
  };
}

function RoleSelect(props: { value?: Role; onChange?: (role: Role) => void; 'aria-label'?: string }) {
  const { t } = useTranslation();
  return <Select {...props} style={{ width: 140 }} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />;
}

function DeleteButton({ name, onConfirm, label }: { name: string; onConfirm: () => void; label: string }) {
  const { t } = useTranslation();
  return (
    <Popconfirm title={t('settings.confirmDelete', { name })} okText={t('settings.delete')} cancelText={t('settings.cancel')} onConfirm={onConfirm}>
      <Button danger size="small" aria-label={`${label} ${name}`}>
        {label}
      </Button>
    </Popconfirm>
  );
}

function UserForm({ reload }: { reload: () => void }) {
  const { t } = useTranslation();
  const change = useChange();
  const [form] = Form.useForm<{ username: string; password: string; role: Role }>();
  const submit = async (body: { username: string; password: string; role: Role }) => {
    if (await change(() => api('POST /users', { body }), t('settings.userCreated', { name: body.username }))) {
      form.resetFields();
      reload();
    }
  };
  return (
    <Form form={form} layout="inline" aria-label={t('settings.newUser')} initialValues={{ role: 'viewer' }} onFinish={(v) => void submit(v)}>
      <Form.Item label={t('login.username')} name="username" rules={[{ required: true, message: t('login.required') }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item label={t('login.password')} name="password" rules={[{ required: true, min: 10, message: t('settings.passwordLength') }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item label={t('settings.role')} name="role">
        <RoleSelect />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('settings.newUser')}
      </Button>
    </Form>
  );
}

function TokenForm({ reload }: { reload: () => void }) {
  const { t } = useTranslation();
  const change = useChange();
  const [form] = Form.useForm<{ name: string; role: Role }>();
  const [secret, setSecret] = useState<string>();
  const submit = async (body: { name: string; role: Role }) => {
    let token = '';
    if (await change(async () => ({ token } = await api('POST /tokens', { body })), t('settings.tokenCreated', { name: body.name }))) {
      setSecret(token);
      form.resetFields();
      reload();
    }
  };
  return (
    <>
      {secret && (
        <Notice
          type="success"
          showIcon
          closable
          onClose={() => setSecret(undefined)}
          title={t('settings.secretOnce')}
          description={
            <Typography.Text code copyable aria-label={t('settings.secret')}>
              {secret}
            </Typography.Text>
          }
        />
      )}
      <Form form={form} layout="inline" aria-label={t('settings.newToken')} initialValues={{ role: 'viewer' }} onFinish={(v) => void submit(v)}>
        <Form.Item label={t('common.name')} name="name" rules={[{ required: true, message: t('login.required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('settings.role')} name="role">
          <RoleSelect />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('settings.newToken')}
        </Button>
      </Form>
    </>
  );
}

/** Each output type's config fields (the server's registry schema); `secret` is write-only. */
const OUTPUT_FIELDS = {
  webhook: [
    { name: 'url', required: true },
    { name: 'secret', secret: true },
    { name: 'timeout_ms', number: true },
    { name: 'attempts', number: true },
  ],
  syslog: [
    { name: 'protocol', required: true, options: ['udp', 'tcp', 'tls'] },
    { name: 'host', required: true },
    { name: 'port', number: true },
    { name: 'format', options: ['rfc5424', 'cef'] },
    { name: 'ca_file' },
  ],
  file: [
    { name: 'path', required: true },
    { name: 'fsync', options: ['always', 'interval', 'never'] },
    { name: 'max_bytes', number: true },
    { name: 'keep', number: true },
  ],
} as const satisfies Record<string, readonly { name: string; required?: boolean; number?: boolean; secret?: boolean; options?: readonly string[] }[]>;
type OutputType = keyof typeof OUTPUT_FIELDS;

/** What an output receives (`config.records`); the server's default is both. */
const RECORD_TYPES = ['alerts', 'inspections'] as const;
const recordsOf = (config: Record<string, unknown>): string[] =>
  Array.isArray(config.records) ? config.records.map(String) : typeof config.records === 'string' ? config.records.split(',').map((x) => x.trim()) : [...RECORD_TYPES];
type OutputValues = Omit<OutputBody, 'type'> & { type: OutputType };

function OutputFields({ type }: { type: OutputType }) {
  const { t } = useTranslation();
  return OUTPUT_FIELDS[type].map((f) => {
    const label = t(`settings.outputField.${f.name}`);
    const rules = 'required' in f ? [{ required: true, message: t('login.required') }] : [];
    const control = 'options' in f ? <Select options={f.options.map((o) => ({ value: o, label: o }))} allowClear /> : 'number' in f ? <InputNumber min={0} /> : 'secret' in f ? <Input.Password autoComplete="new-password" /> : <Input />;
    return (
      <Form.Item key={f.name} label={label} name={['config', f.name]} rules={rules} extra={'secret' in f ? t('settings.secretHint') : undefined}>
        {control}
      </Form.Item>
    );
  });
}

/** The form that adds an output (`output` undefined) or replaces one. */
function OutputModal({ output, onClose }: { output: OutputConfig | undefined; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const change = useChange();
  const [form] = Form.useForm<OutputValues>();
  const type = Form.useWatch('type', form) ?? 'webhook';
  const initial: Partial<OutputValues> = output
    ? { ...output, type: output.type as OutputType, config: { ...Object.fromEntries(Object.entries(output.config).filter(([, v]) => v !== '********')), records: recordsOf(output.config) } }
    : { type: 'webhook', enabled: true, min_severity: 'low', config: { records: [...RECORD_TYPES] } };
  const submit = async (v: OutputValues) => {
    const body = { ...v, config: Object.fromEntries(Object.entries(v.config ?? {}).filter(([, x]) => x !== undefined && x !== null && x !== '')) };
    const saved = await change(() => (output ? api('PUT /outputs/{id}', { path: { id: output.id }, body }) : api('POST /outputs', { body })), t('settings.outputSaved', { name: v.name }));
    if (saved) onClose(true);
  };
  return (
    <Modal open title={output ? t('settings.editOutput', { name: output.name }) : t('settings.newOutput')} okText={t('common.save')} cancelText={t('settings.cancel')} onOk={() => form.submit()} onCancel={() => onClose(false)}>
      <Form form={form} layout="vertical" aria-label={t('settings.outputs')} initialValues={initial} onFinish={(v) => void submit(v)}>
        <Form.Item label={t('common.name')} name="name" rules={[{ required: true, message: t('login.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('settings.type')} name="type">
          <Select options={Object.keys(OUTPUT_FIELDS).map((k) => ({ value: k, label: t(`settings.outputType.${k}`) }))} />
        </Form.Item>
        <Form.Item label={t('settings.records')} name={['config', 'records']} rules={[{ required: true, type: 'array', min: 1, message: t('login.required') }]}>
          <Select mode="multiple" options={RECORD_TYPES.map((r) => ({ value: r, label: t(`settings.recordType.${r}`) }))} />
        </Form.Item>
        <Form.Item label={t('settings.minSeverity')} name="min_severity">
          <Select options={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))} />
        </Form.Item>
        <Form.Item label={t('rules.enabled')} name="enabled" valuePropName="checked">
          <Switch />
        </Form.Item>
        <OutputFields type={type} />
      </Form>
    </Modal>
  );
}

function OutputsTab() {
  const { t } = useTranslation();
  return (
    <EditableItemsTable
      endpoint="GET /outputs"
      label={t('settings.outputs')}
      newLabel={t('settings.newOutput')}
      modal={(output, onClose) => <OutputModal output={output} onClose={onClose} />}
      remove={(o) => api('DELETE /outputs/{id}', { path: { id: o.id } })}
      columns={[
        { title: t('common.name'), dataIndex: 'name' },
        { title: t('settings.type'), key: 'type', render: (_, o) => t(`settings.outputType.${o.type}`, { defaultValue: o.type }) },
        { title: t('settings.target'), key: 'target', render: (_, o) => String(o.config.url ?? o.config.path ?? `${String(o.config.host)}:${String(o.config.port ?? '')}`) },
        { title: t('settings.records'), key: 'records', render: (_, o) => recordsOf(o.config).map((r) => t(`settings.recordType.${r}`, { defaultValue: r })).join(', ') },
        { title: t('settings.minSeverity'), key: 'sev', render: (_, o) => <SeverityTag severity={o.min_severity} /> },
        { title: t('rules.enabled'), key: 'enabled', render: (_, o) => (o.enabled ? t('common.yes') : t('common.no')) },
      ]}
    />
  );
}

const SETTING_KEYS = ['retention_days', 'retention_max_bytes', 'dedup_window_seconds', 'incident_window_seconds', 'unpatched_days', 'inspection_interval_seconds'] as const satisfies readonly (keyof Settings)[];

function SettingsForm() {
  const { t } = useTranslation();
  const change = useChange();
  const { data, error, reload } = useApi('GET /settings');
  if (!data) return <Loading error={error} />;
  const submit = async (body: Partial<Settings>) => {
    if (await change(() => api('PATCH /settings', { body }), t('settings.saved'))) reload();
  };
  return (
    <Form layout="horizontal" labelCol={{ span: 8 }} wrapperCol={{ span: 8 }} aria-label={t('settings.retention')} initialValues={data} onFinish={(v: Partial<Settings>) => void submit(v)}>
      {SETTING_KEYS.map((key) => (
        <Form.Item key={key} label={t(`settings.keys.${key}`)} name={key} rules={[{ required: true, message: t('login.required') }]}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      ))}
      <Form.Item wrapperCol={{ offset: 8 }}>
        <Button type="primary" htmlType="submit">
          {t('common.save')}
        </Button>
      </Form.Item>
    </Form>
  );
}

const SENSORS = ['process', 'fim'] as const;
const MIB = 1024 * 1024;

interface GroupValues {
  name: string;
  description: string;
  fim_paths: string[];
  sensors: Record<(typeof SENSORS)[number], boolean>;
  cpu_percent?: number | null;
  memory_mib?: number | null;
}

/** The form that creates a group (`group` undefined) or changes one's name and pushed config. */
function GroupModal({ group, onClose }: { group: AgentGroup | undefined; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const change = useChange();
  const [form] = Form.useForm<GroupValues>();
  const config = group?.config ?? {};
  const initial: GroupValues = {
    name: group?.name ?? '',
    description: group?.description ?? '',
    fim_paths: config.fim_paths ?? [],
    sensors: { process: config.sensors?.process !== false, fim: config.sensors?.fim !== false },
    cpu_percent: config.caps?.cpu_percent,
    memory_mib: config.caps?.memory_bytes === undefined ? undefined : config.caps.memory_bytes / MIB,
  };
  const submit = async (v: GroupValues) => {
    const caps = { ...(v.cpu_percent ? { cpu_percent: v.cpu_percent } : {}), ...(v.memory_mib ? { memory_bytes: Math.round(v.memory_mib * MIB) } : {}) };
    // A sensor is named only when off or named before: `true` restarts one the group had stopped.
    const sensors = Object.fromEntries(SENSORS.filter((s) => !v.sensors[s] || config.sensors?.[s] !== undefined).map((s) => [s, v.sensors[s]]));
    const { caps: _caps, sensors: _sensors, ...kept } = config;
    const body = { name: v.name, description: v.description, config: { ...kept, fim_paths: v.fim_paths, ...(Object.keys(sensors).length ? { sensors } : {}), ...(Object.keys(caps).length ? { caps } : {}) } };
    const saved = await change(() => (group ? api('PATCH /agent-groups/{id}', { path: { id: group.id }, body }) : api('POST /agent-groups', { body })), t('settings.groupSaved', { name: v.name }));
    if (saved) onClose(true);
  };
  return (
    <Modal open title={group ? t('settings.editGroup', { name: group.name }) : t('settings.newGroup')} okText={t('common.save')} cancelText={t('settings.cancel')} onOk={() => form.submit()} onCancel={() => onClose(false)}>
      <Form form={form} layout="vertical" aria-label={t('settings.groups')} initialValues={initial} onFinish={(v) => void submit(v)}>
        <Form.Item label={t('common.name')} name="name" rules={[{ required: true, message: t('login.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('settings.description')} name="description">
          <Input />
        </Form.Item>
        <Form.Item label={t('settings.fimPaths')} name="fim_paths" extra={t('settings.fimPathsHint')}>
          <Select mode="tags" tokenSeparators={[',', ' ']} />
        </Form.Item>
        {SENSORS.map((s) => (
          <Form.Item key={s} label={t(`settings.sensor.${s}`)} name={['sensors', s]} valuePropName="checked">
            <Switch />
          </Form.Item>
        ))}
        <Form.Item label={t('settings.cpuCap')} name="cpu_percent">
          <InputNumber min={1} max={100} />
        </Form.Item>
        <Form.Item label={t('settings.memoryCap')} name="memory_mib">
          <InputNumber min={1} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GroupsTab() {
  const { t } = useTranslation();
  return (
    <EditableItemsTable
      endpoint="GET /agent-groups"
      label={t('settings.groups')}
      newLabel={t('settings.newGroup')}
      modal={(group, onClose) => <GroupModal group={group} onClose={onClose} />}
      remove={(g) => api('DELETE /agent-groups/{id}', { path: { id: g.id } })}
      columns={[
        { title: t('common.name'), dataIndex: 'name' },
        { title: t('settings.description'), dataIndex: 'description' },
        { title: t('settings.fimPaths'), key: 'fim', render: (_, g) => (g.config.fim_paths ?? []).join(', ') || '—' },
        { title: t('agents.sensors'), key: 'sensors', render: (_, g) => <Space wrap>{SENSORS.map((s) => <Tag key={s}>{`${t(`settings.sensor.${s}`)}: ${g.config.sensors?.[s] === false ? t('common.no') : t('common.yes')}`}</Tag>)}</Space> },
        { title: t('settings.configVersion'), dataIndex: 'config_version' },
      ]}
    />
  );
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const change = useChange();
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
                form={(reload) => <UserForm reload={reload} />}
                columns={(reload) => [
                  { title: t('login.username'), dataIndex: 'username' },
                  {
                    title: t('settings.role'),
                    key: 'role',
                    render: (_, u) => <RoleSelect aria-label={t('settings.roleOf', { name: u.username })} value={u.role} onChange={(role) => void change(() => api('PATCH /users/{id}', { path: { id: u.id }, body: { role } }), t('settings.roleChanged', { name: u.username })).then(reload)} />,
                  },
                  { title: t('settings.created'), key: 'created', render: (_, u) => formatTime(u.created_at) },
                  {
                    title: t('settings.actions'),
                    key: 'actions',
                    render: (_, u) => (
                      <Space>
                        {u.locked_until && (
                          <Button size="small" onClick={() => void change(() => api('PATCH /users/{id}', { path: { id: u.id }, body: { unlock: true } }), t('settings.unlocked', { name: u.username })).then(reload)}>
                            {t('settings.unlock')}
                          </Button>
                        )}
                        <DeleteButton name={u.username} label={t('settings.delete')} onConfirm={() => void change(() => api('DELETE /users/{id}', { path: { id: u.id } }), t('settings.deleted', { name: u.username })).then(reload)} />
                      </Space>
                    ),
                  },
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
                form={(reload) => <TokenForm reload={reload} />}
                columns={(reload) => [
                  { title: t('common.name'), dataIndex: 'name' },
                  { title: t('settings.role'), key: 'role', render: (_, k) => <Tag>{t(`roles.${k.role}`)}</Tag> },
                  { title: t('settings.expires'), key: 'expires', render: (_, k) => formatTime(k.expires_at) },
                  { title: t('settings.lastUsed'), key: 'used', render: (_, k) => formatTime(k.last_used_at) },
                  { title: t('settings.actions'), key: 'actions', render: (_, k) => <DeleteButton name={k.name} label={t('settings.revoke')} onConfirm={() => void change(() => api('DELETE /tokens/{id}', { path: { id: k.id } }), t('settings.revoked', { name: k.name })).then(reload)} /> },
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
                columns={() => [
                  { title: t('settings.description'), dataIndex: 'description' },
                  { title: t('common.group'), key: 'group', render: (_, k) => k.group_id ?? '—' },
                  { title: t('settings.uses'), dataIndex: 'uses' },
                  { title: t('settings.expires'), key: 'expires', render: (_, k) => formatTime(k.expires_at) },
                  { title: t('settings.created'), key: 'created', render: (_, k) => formatTime(k.created_at) },
                ]}
              />
            ),
          },
          { key: 'outputs', label: t('settings.outputs'), render: () => <OutputsTab /> },
          { key: 'retention', label: t('settings.retention'), render: () => <SettingsForm /> },
          { key: 'groups', label: t('settings.groups'), render: () => <GroupsTab /> },
        ]}
      />
    </>
  );
}
