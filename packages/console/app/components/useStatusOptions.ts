import { useTranslation } from 'react-i18next';
import { ALERT_STATUSES } from '../api/types.ts';

/** Alert statuses as select options. */
export function useStatusOptions(): { value: string; label: string }[] {
  const { t } = useTranslation();
  return ALERT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }));
}
