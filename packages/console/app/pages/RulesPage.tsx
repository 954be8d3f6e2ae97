// Detection rules: switch them on and off, read them, and try a rule against sample events
// before it goes live.
import { Button, Card, Descriptions, Form, Input, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Rule, RuleTestResult } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import DataTable from '../components/DataTable.tsx';
import JsonBlock from '../components/JsonBlock.tsx';
import Loading from '../components/Loading.tsx';
import PageTitle from '../components/PageTitle.tsx';
import ParamSearch from '../components/ParamSearch.tsx';
import SeverityTag from '../components/SeverityTag.tsx';
import { pick, useUrlParams } from '../components/useUrlParams.ts';
import { useFeedback } from '../components/Feedback.tsx';

/** A rule in Vigil's format (docs/rules.md) and an event it matches: a starting point to edit. */
const SAMPLE_RULE = `- rule: example.shell-from-nginx
  title: {en: "nginx started a shell", zh: "nginx 启动了 Shell"}
  severity: high
  attack: [T1505.003]
  kinds: [process.exec]
  condition: process.parent.name = nginx and process.name in (sh, bash, dash)
  output: "Shell %process.command_line started by %process.parent.name"
`;

const SAMPLE_EVENTS = JSON.stringify(
  [{ time: '2026-01-01T00:00:00Z', host: { id: 'sample' }, event: { kind: 'process.exec' }, process: { pid: 4242, name: 'sh', executable: '/bin/sh', args: ['sh', '-c', 'id'], command_line: 'sh -c id', parent: { pid: 1, name: 'nginx' } } }],
  null,
  2,
);

/** The rule as written in its file, read-only; loaded when its row is opened. */
function RuleText({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data, error } = useApi('GET /rules/{id}', { path: { id } });
  if (!data) return <Loading error={error} />;
  return data.text === null ? t('rules.noText') : <JsonBlock value={data.text} label={t('rules.text')} />;
}

function RuleTester() {
  const { t } = useTranslation();
  const [result, setResult] = useState<RuleTestResult>();
  const [error, setError] = useState<string>();
  const run = async (values: { rule_yaml: string; events: string }) => {
    setError(undefined);
    try {
      const events = JSON.parse(values.events) as unknown;
      setResult(await api('POST /rules/test', { body: { rule_yaml: values.rule_yaml, events: Array.isArray(events) ? events : [events] } }));
    } catch (e) {
      setResult(undefined);
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card title={t('rules.test')} id="rule-test">
      <Form layout="vertical" initialValues={{ rule_yaml: SAMPLE_RULE, events: SAMPLE_EVENTS }} onFinish={(v) => void run(v as { rule_yaml: string; events: string })}>
        <Form.Item label={t('rules.yaml')} name="rule_yaml" rules={[{ required: true }]}>
          <Input.TextArea rows={8} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item label={t('rules.events')} name="events" rules={[{ required: true }]}>
          <Input.TextArea rows={8} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('rules.run')}
        </Button>
      </Form>
      {error && <Typography.Paragraph type="danger" style={{ marginTop: 12 }}>{error}</Typography.Paragraph>}
      {result && (
        <List
          style={{ marginTop: 12 }}
          header={`${t('rules.compiled', { count: result.rules.length })} · ${t('rules.matches', { count: result.alerts.length })}`}
          dataSource={[
            ...result.alerts.map((a) => `#${a.event_index} ${a.rule} (${t(`severity.${a.severity}`)}): ${a.output}`),
            ...result.skipped.map((k) => `${t('rules.skippedOne')} ${k.name}: ${k.reason}`),
          ]}
          renderItem={(line) => <List.Item>{line}</List.Item>}
        />
      )}
    </Card>
  );
}

export default function RulesPage() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [params] = useUrlParams();
  const [changes, setChanges] = useState(0);

  const toggle = async (rule: Rule, enabled: boolean) => {
    try {
      await api('PATCH /rules/{id}', { path: { id: rule.id }, body: { enabled } });
      message.success(t(enabled ? 'rules.enabledOne' : 'rules.disabledOne', { name: rule.name }));
      setChanges((n) => n + 1);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <>
      <PageTitle title={t('nav.rules')} />
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <div>
          <Space style={{ marginBottom: 12 }}>
            <ParamSearch label={t('rules.search')} />
          </Space>
          <DataTable
            endpoint="GET /rules"
            label={t('nav.rules')}
            filters={pick(params, ['q', 'enabled'])}
            version={changes}
            rowKey={(r) => r.id}
            expandable={(r) => (
              <>
                {r.description && <Typography.Paragraph>{r.description}</Typography.Paragraph>}
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'file', label: t('rules.file'), children: r.file ?? '—' },
                    ...(r.file ? [{ key: 'text', label: t('rules.text'), children: <RuleText id={r.id} /> }] : []),
                    { key: 'tactics', label: t('rules.tactics'), children: r.tactics.join(', ') || '—' },
                    { key: 'tags', label: t('rules.tags'), children: r.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) },
                  ]}
                />
              </>
            )}
            columns={[
              { title: t('rules.enabled'), key: 'enabled', render: (_, r) => <Switch checked={r.enabled} aria-label={t('rules.toggle', { name: r.name })} onChange={(on) => void toggle(r, on)} /> },
              { title: t('common.name'), key: 'name', render: (_, r) => r.name },
              { title: 'ID', dataIndex: 'id' },
              { title: t('common.severity'), key: 'severity', render: (_, r) => <SeverityTag severity={r.severity} /> },
              { title: t('rules.source'), dataIndex: 'source' },
              { title: 'ATT&CK', key: 'techniques', render: (_, r) => (r.techniques ?? []).map((x) => <Tag key={x}>{x}</Tag>) },
            ]}
          />
        </div>
        <RuleTester />
      </Space>
    </>
  );
}
