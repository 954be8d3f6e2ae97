// English and Simplified Chinese. The first visit follows the browser's languages; a choice made
// in the header is kept in localStorage.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.ts';
import zh from './zh.ts';
import { detectLanguage, type Language } from './detect.ts';

export { LANGUAGES, type Language } from './detect.ts';

const STORAGE_KEY = 'vigil.language';

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
  lng: detectLanguage(localStorage.getItem(STORAGE_KEY), navigator.languages),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});
i18n.on('languageChanged', (lng) => document.documentElement.setAttribute('lang', lng));
document.documentElement.setAttribute('lang', i18n.language);

export default i18n;
