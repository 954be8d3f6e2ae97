import { Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n/index.ts';

/** English / 简体中文 as two radio buttons (each language named in itself). */
export default function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <Radio.Group
      aria-label={t('header.language')}
      optionType="button"
      size="small"
      value={i18n.language as Language}
      onChange={(e) => setLanguage(e.target.value as Language)}
      options={LANGUAGES.map((lng) => ({ value: lng, label: t(`languages.${lng}`) }))}
    />
  );
}
