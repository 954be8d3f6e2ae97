import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export const SEVERITY_COLORS: Record<string, string> = {
  critical: '#a8071a',
  high: '#d4380d',
  medium: '#d48806',
  low: '#1677ff',
  info: '#8c8c8c',
  unknown: '#bfbfbf',
};

export default function SeverityTag({ severity }: { severity: string }) {
  const { t } = useTranslation();
  const name = severity.toLowerCase();
  return <Tag color={SEVERITY_COLORS[name] ?? SEVERITY_COLORS.unknown}>{t(`severity.${name}`, { defaultValue: severity })}</Tag>;
}
