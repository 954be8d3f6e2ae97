// One alert: what fired and why (rule, output, ATT&CK), the process tree around it, the raw
// events, and its triage (status, assignee, comments).
import { Button, Card, Col, Collapse, Descriptions, Form, Input, List, Row, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.ts';
import { useLive } from '../api/live.ts';
import type { AlertDetail, AlertPatch, AlertStatus } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import JsonBlock from '../components/JsonBlock.tsx';
import Loading from '../components/Loading.tsx';
import PageTitle from '../components/PageTitle.tsx';
import ProcessTree from '../components/ProcessTree.tsx';
import { useStatusOptions } from '../components/useStatusOptions.ts';
import { formatTime } from '../format.ts';
import { useFeedback } from '../components/Feedback.tsx';
import HostLink from '../components/HostLink.tsx';

/** The tree ids of the processes the triggering events are about (as the server names them). */
function triggers(alert: AlertDetail): Set<string> {
  return new Set(
    alert.events.map((e) => {
      const process = e.event.process as { entity_id?: string; pid?: number } | undefined;
      return process?.entity_id ?? `${e.host_id}:${process?.pid}`;
    }),
  );
}

export default function AlertPage() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const id = useParams().id!;
  const live = useLive('alert.update');
  const { data: alert, error, reload } = useApi('GET /alerts/{id}', { path: { id } }, live);
  const statusOptions = useStatusOptions();
  if (!alert) return <Loading error={error} />;

  const save = async (values: { status: AlertStatus; assignee?: string; comment?: string }) => {
    const body: AlertPatch = { status: values.status, assignee: values.assignee || null, ...(values.comment ? { comment: values.comment } : {}) };
    try {
      await api('PATCH /alerts/{id}', { path: { id }, body });
      message.success(t('alerts.saved'));
      reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <>
      <PageTitle
        title={alert.rule_name}
        severity={alert.severity}
        status={alert.status}
        extra={alert.incident_id && <Link to={`/incidents/${encodeURIComponent(alert.incident_id)}`}>{t('alerts.openGraph')}</Link>}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card title={t('alerts.what')}>
            <Descriptions
              bordered
              size="small"
              column={1}
              items={[
                { key: 'output', label: t('alerts.output'), children: alert.output },
                { key: 'rule', label: t('alerts.rule'), children: <Link to={`/rules?q=${encodeURIComponent(alert.rule_id)}`}>{alert.rule_id}</Link> },
                { key: 'host', label: t('common.host'), children: <HostLink item={alert} /> },
                { key: 'container', label: t('common.container'), children: alert.container_id ?? '—' },
                { key: 'attack', label: 'ATT&CK', children: [...alert.tactics, ...alert.techniques].map((x) => <Tag key={x}>{x}</Tag>) },
                { key: 'count', label: t('alerts.count'), children: alert.count },
                { key: 'first', label: t('common.firstSeen'), children: formatTime(alert.first_seen) },
                { key: 'last', label: t('common.lastSeen'), children: formatTime(alert.last_seen) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('alerts.triage')}>
            <Form
              layout="vertical"
              key={`${alert.status}:${alert.assignee ?? ''}`}
              initialValues={{ status: alert.status, assignee: alert.assignee ?? '' }}
              onFinish={(values) => void save(values as { status: AlertStatus; assignee?: string; comment?: string })}
            >
              <Form.Item label={t('common.status')} name="status">
                <Select options={statusOptions} />
              </Form.Item>
              <Form.Item label={t('alerts.assignee')} name="assignee">
                <Input />
              </Form.Item>
              <Form.Item label={t('alerts.comment')} name="comment">
                <Input.TextArea rows={2} />
              </Form.Item>
              <Button type="primary" htmlType="submit">
                {t('common.save')}
              </Button>
            </Form>
            {alert.comments.length > 0 && (
              <List
                size="small"
                style={{ marginTop: 16 }}
                dataSource={alert.comments}
                renderItem={(c) => (
                  <List.Item>
                    <List.Item.Meta title={`${c.author} · ${formatTime(c.time)}`} description={c.text} />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('alerts.processTree')}>
            <ProcessTree processes={alert.process_tree} triggers={triggers(alert)} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('alerts.rawEvents', { count: alert.events.length })}>
            <Collapse
              defaultActiveKey={alert.events[0] ? [alert.events[0].id] : []}
              items={alert.events.map((e) => ({
                key: e.id,
                label: `${formatTime(e.time)} · ${e.kind}`,
                children: <JsonBlock label={t('alerts.rawEvent')} value={e.event} />,
              }))}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
