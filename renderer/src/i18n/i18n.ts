import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import he from './he.json';
import extraEn from './extra.en.json';
import extraHe from './extra.he.json';
import runsEn from './runs.en.json';
import runsHe from './runs.he.json';

/** The interface languages. Hebrew is written right to left. */
export const languages = ['en', 'he'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'tizmor.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function directionOf(language: Language): 'ltr' | 'rtl' {
  return language === 'he' ? 'rtl' : 'ltr';
}

/** The language remembered from last time, else English. */
export function rememberedLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  return isLanguage(stored) ? stored : 'en';
}

/**
 * Switches the interface language, remembers it and turns the whole document to its direction
 * (Mantine's DirectionProvider follows the `dir` attribute of <html>).
 */
export async function applyLanguage(language: Language): Promise<void> {
  localStorage.setItem(storageKey, language);
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
  await i18next.changeLanguage(language);
  document.title = i18next.t('app.name');
}

export async function initI18n(): Promise<Language> {
  const language = rememberedLanguage();
  await i18next.use(initReactI18next).init({
    // Triggers and the planner keep their texts in extra.*.json, under top-level keys of their own.
    // Runs and approvals keep theirs in runs.*.json.
    resources: { en: { translation: { ...en, ...extraEn, ...runsEn } }, he: { translation: { ...he, ...extraHe, ...runsHe } } },
    lng: language,
    fallbackLng: 'en',
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await applyLanguage(language);
  return language;
}
