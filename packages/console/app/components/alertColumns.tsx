// The alert list's columns, shared by the alerts page and the alerts tab of a host.
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Alert, HostNamed } from '../api/types.ts';
import { formatTime } from '../format.ts';
import SeverityTag from './SeverityTag.tsx';
import StatusTag from './StatusTag.tsx';
import HostLink from './HostLink.tsx';

export function useAlertColumns(): ColumnsType<HostNamed<Alert>> {
  const { t } = useTranslation();
  return [
    { title: t('common.severity'), key: 'severity', sorter: true, render: (_, a) => <SeverityTag severity={a.severity} /> },
    { title: t('alerts.rule'), key: 'rule', render: (_, a) => <Link to={`/alerts/${encodeURIComponent(a.id)}`}>{a.rule_name}</Link> },
    { title: t('alerts.output'), key: 'output', render: (_, a) => <span style={{ display: 'inline-block', maxWidth: 420, whiteSpace: 'normal' }}>{a.output}</span> },
    { title: t('common.host'), key: 'host', render: (_, a) => <HostLink item={a} /> },
    { title: t('alerts.techniques'), key: 'techniques', render: (_, a) => a.techniques.join(', ') },
    { title: t('common.status'), key: 'status', render: (_, a) => <StatusTag status={a.status} /> },
    { title: t('alerts.count'), key: 'count', dataIndex: 'count', sorter: true },
    { title: t('common.lastSeen'), key: 'last_seen', sorter: true, render: (_, a) => formatTime(a.last_seen) },
  ];
}
