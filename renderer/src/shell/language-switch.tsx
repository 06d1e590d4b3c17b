import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLanguage, languages } from '../i18n/i18n';
import { useAppStore } from '../store/app-store';

/** English / עברית; each language is named in itself. */
export function LanguageSwitch({ testId, withLabel = false }: { testId: string; withLabel?: boolean }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const setLanguage = useAppStore((state) => state.setLanguage);
  return (
    <Select
      data-testid={testId}
      aria-label={t('header.language')}
      label={withLabel ? t('settings.language') : undefined}
      description={withLabel ? t('settings.languageHint') : undefined}
      data={languages.map((value) => ({ value, label: t(`language.${value}`) }))}
      value={language}
      onChange={(value) => {
        if (isLanguage(value)) setLanguage(value);
      }}
      allowDeselect={false}
      w={withLabel ? '100%' : 130}
      maw={withLabel ? 440 : undefined}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
