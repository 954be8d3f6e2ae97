// An incident as an attack story: the graph of what touched what, and the timeline beside it.
import { Card, Col, Row, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useLive } from '../api/live.ts';
import { GRAPH_NODE_TYPES } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import AttackGraph, { NODE_COLORS } from '../components/AttackGraph.tsx';
import Loading from '../components/Loading.tsx';
import PageTitle from '../components/PageTitle.tsx';
import SeverityTag from '../components/SeverityTag.tsx';
import { formatTime } from '../format.ts';
import HostLink from '../components/HostLink.tsx';

export default function IncidentPage() {
  const { t } = useTranslation();
  const id = useParams().id!;
  const live = useLive('alert');
  const { data: incident, error } = useApi('GET /incidents/{id}', { path: { id } }, live);
  if (!incident) return <Loading error={error} />;
  return (
    <>
      <PageTitle
        title={incident.title}
        severity={incident.severity}
        status={incident.status}
        extra={<HostLink item={incident} />}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('incidents.graph')} extra={<Space wrap>{GRAPH_NODE_TYPES.map((type) => <Tag key={type} color={NODE_COLORS[type]}>{t(`graph.${type}`)}</Tag>)}</Space>}>
            <AttackGraph nodes={incident.graph.nodes} edges={incident.graph.edges} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('incidents.timeline')}>
            <div tabIndex={0} role="region" aria-label={t('incidents.timeline')} style={{ maxHeight: 520, overflowY: 'auto', paddingTop: 8 }}>
            <Timeline
              items={incident.timeline.map((entry, i) => ({
                key: `${entry.time}:${i}`,
                color: entry.alert_ids.length ? 'red' : 'blue',
                children: (
                  <>
                    <Typography.Text type="secondary">{formatTime(entry.time)}</Typography.Text>
                    <div>
                      {entry.alert_ids[0] ? <Link to={`/alerts/${encodeURIComponent(entry.alert_ids[0])}`}>{entry.summary}</Link> : entry.summary}
                    </div>
                  </>
                ),
              }))}
            />
            </div>
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('incidents.alerts')}>
            <div tabIndex={0} role="region" aria-label={t('incidents.alerts')} style={{ maxHeight: 320, overflowY: 'auto' }}>
            {incident.alerts.map((a) => (
              <div key={a.id}>
                <SeverityTag severity={a.severity} /> <Link to={`/alerts/${encodeURIComponent(a.id)}`}>{a.rule_name}</Link> — {a.output}
              </div>
            ))}
            </div>
          </Card>
        </Col>
      </Row>
    </>
  );
}
