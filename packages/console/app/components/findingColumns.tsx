// The vulnerability list's columns, shared by the vulnerabilities page and the host page.
import { Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Finding } from '../api/types.ts';
import SeverityTag from './SeverityTag.tsx';

export function useFindingColumns(): ColumnsType<Finding> {
  const { t } = useTranslation();
  return [
    { title: t('vulns.priority'), key: 'priority', dataIndex: 'priority', sorter: true },
    { title: t('vulns.id'), key: 'vuln_id', sorter: true, render: (_, f) => <Link to={`/vulnerabilities/${encodeURIComponent(f.vuln_id)}`}>{f.vuln_id}</Link> },
    { title: t('common.severity'), key: 'severity', sorter: true, render: (_, f) => <SeverityTag severity={f.severity} /> },
    { title: t('vulns.package'), key: 'package', render: (_, f) => `${f.package_name} ${f.package_version}` },
    { title: t('vulns.fixedIn'), key: 'fixed', render: (_, f) => f.fixed_version ?? <Tag>{t('vulns.noFix')}</Tag> },
    {
      title: t('vulns.asset'),
      key: 'target',
      render: (_, f) => (f.target_kind === 'host' ? <Link to={`/hosts/${encodeURIComponent(f.target_id)}`}>{f.target_id}</Link> : <Link to={`/vulnerabilities?image=${encodeURIComponent(f.target_id)}`}>{f.target_id.slice(0, 19)}</Link>),
    },
    { title: t('vulns.exposure'), key: 'exposure', render: (_, f) => (
        <>
          {f.known_exploited && <Tag color="red">{t('vulns.kev')}</Tag>}
          {t(`vulns.exposures.${f.exposure}`)}
        </>
      ) },
  ];
}
