import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ru from './ru.json';

/**
 * The console speaks Russian and English. The choice made in the header is kept in localStorage;
 * before that, the browser's preferred language decides (Russian when it asks for Russian), and
 * English is the fallback for anything else.
 */
export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_KEY = 'voronka.language';

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, ru: { translation: ru } },
    supportedLngs: [...LANGUAGES],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_KEY,
      // Only a choice made in the header is kept (setLanguage); a detected one follows the browser.
      caches: [],
    },
  });

/** Switches the language and keeps the choice for this browser. */
export function setLanguage(lng: Language): void {
  localStorage.setItem(LANGUAGE_KEY, lng);
  void i18n.changeLanguage(lng);
}

/** The language in use, reduced to one the console has ("ru-RU" → "ru"). */
export function currentLanguage(): Language {
  const lng = (i18n.resolvedLanguage ?? i18n.language ?? 'en').slice(0, 2);
  return lng === 'ru' ? 'ru' : 'en';
}

/** The BCP 47 locale for Intl formatting. */
export function currentLocale(): string {
  return currentLanguage() === 'ru' ? 'ru-RU' : 'en-GB';
}

export default i18n;
