// Alert, compliance and agent states as coloured words in the reader's language.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = {
  new: 'red',
  acknowledged: 'gold',
  resolved: 'green',
  false_positive: 'default',
  pass: 'green',
  fail: 'red',
  warn: 'gold',
  manual: 'blue',
  online: 'green',
  offline: 'default',
  open: 'red',
  closed: 'default',
};

export default function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status] ?? 'default'}>{t(`status.${status}`, { defaultValue: status })}</Tag>;
}
