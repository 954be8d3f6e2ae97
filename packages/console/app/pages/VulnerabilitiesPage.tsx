// Vulnerabilities, most urgent first (priority weighs severity, known exploitation, exposure
// and fixability on the server), with filters and the same list as CSV.
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { url } from '../api/client.ts';
import DataTable from '../components/DataTable.tsx';
import { useFindingColumns } from '../components/findingColumns.tsx';
import PageTitle from '../components/PageTitle.tsx';
import ParamSearch from '../components/ParamSearch.tsx';
import ParamSelect from '../components/ParamSelect.tsx';
import { pick, useUrlParams } from '../components/useUrlParams.ts';
import { useSeverityOptions } from '../components/useSeverityOptions.ts';

const FILTERS = ['severity', 'fixable', 'q', 'host_id', 'image'] as const;

export default function VulnerabilitiesPage() {
  const { t } = useTranslation();
  const [params] = useUrlParams();
  const filters = pick(params, FILTERS);
  const columns = useFindingColumns();
  return (
    <>
      <PageTitle
        title={t('nav.vulnerabilities')}
        extra={
          <Button href={url('GET /vulnerabilities', { query: { ...filters, format: 'csv' } })} download="vulnerabilities.csv">
            {t('common.exportCsv')}
          </Button>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <ParamSearch label={t('vulns.search')} />
        <ParamSelect name="severity" label={t('common.severity')} options={useSeverityOptions()} />
        <ParamSelect name="fixable" label={t('vulns.fixable')} options={[{ value: 'true', label: t('vulns.fixableOnly') }, { value: 'false', label: t('vulns.noFix') }]} />
        <ParamSearch name="host_id" label={t('common.host')} width={200} />
        <ParamSearch name="image" label={t('common.image')} width={200} />
      </Space>
      <DataTable endpoint="GET /vulnerabilities" label={t('nav.vulnerabilities')} filters={filters} rowKey={(f) => f.id} columns={columns} />
    </>
  );
}
