import { useTranslation } from 'react-i18next';
import { SEVERITIES } from '../api/types.ts';

/** Severities, most severe first, as filter options. */
export function useSeverityOptions(): { value: string; label: string }[] {
  const { t } = useTranslation();
  return [...SEVERITIES].reverse().map((s) => ({ value: s, label: t(`severity.${s}`) }));
}
