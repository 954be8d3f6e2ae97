// Alerts as they arrive (live), filtered by status, severity, host, technique or text; selected
// alerts change status together.
import { Button, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import { useLive } from '../api/live.ts';
import type { AlertStatus } from '../api/types.ts';
import { useAlertColumns } from '../components/alertColumns.tsx';
import DataTable from '../components/DataTable.tsx';
import PageTitle from '../components/PageTitle.tsx';
import ParamSearch from '../components/ParamSearch.tsx';
import ParamSelect from '../components/ParamSelect.tsx';
import { pick, useUrlParams } from '../components/useUrlParams.ts';
import { useSeverityOptions } from '../components/useSeverityOptions.ts';
import { useStatusOptions } from '../components/useStatusOptions.ts';
import { useFeedback } from '../components/Feedback.tsx';

const FILTERS = ['status', 'severity', 'q', 'host_id', 'technique', 'tactic', 'rule', 'incident_id'] as const;

export default function AlertsPage() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [params] = useUrlParams();
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkStatus, setBulkStatus] = useState<AlertStatus>();
  const [changes, setChanges] = useState(0);
  const live = useLive('alert', 'alert.update');
  const statusOptions = useStatusOptions();

  const applyBulk = async () => {
    if (!bulkStatus || selected.length === 0) return;
    try {
      await api('POST /alerts/bulk', { body: { ids: selected, status: bulkStatus } });
      message.success(t('alerts.bulkDone', { count: selected.length }));
      setSelected([]);
      setChanges((n) => n + 1);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <>
      <PageTitle title={t('nav.alerts')} extra={<Link to="/attack">{t('nav.attack')}</Link>} />
      <Space wrap style={{ marginBottom: 12 }}>
        <ParamSearch label={t('alerts.search')} />
        <ParamSelect name="status" label={t('common.status')} options={statusOptions} />
        <ParamSelect name="severity" label={t('common.severity')} options={useSeverityOptions()} />
        <ParamSearch name="host_id" label={t('common.host')} width={200} />
        <ParamSearch name="technique" label={t('alerts.technique')} width={160} />
      </Space>
      <Space wrap style={{ marginBottom: 12 }} aria-label={t('alerts.bulk')} role="group">
        <span>{t('alerts.selected', { count: selected.length })}</span>
        <Select<AlertStatus> aria-label={t('alerts.bulkStatus')} placeholder={t('alerts.bulkStatus')} value={bulkStatus} onChange={setBulkStatus} options={statusOptions} style={{ width: 180 }} />
        <Button type="primary" disabled={!bulkStatus || selected.length === 0} onClick={() => void applyBulk()}>
          {t('alerts.apply')}
        </Button>
      </Space>
      <DataTable
        endpoint="GET /alerts"
        label={t('nav.alerts')}
        filters={pick(params, FILTERS)}
        version={live + changes}
        rowKey={(a) => a.id}
        selected={selected}
        onSelect={setSelected}
        columns={useAlertColumns()}
      />
    </>
  );
}
