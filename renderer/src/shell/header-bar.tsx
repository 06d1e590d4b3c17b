import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LogoMark } from './icons';
import { LanguageSwitch } from './language-switch';
import { WorkspaceSwitch } from './workspace-switch';

export function HeaderBar() {
  const { t } = useTranslation();
  return (
    <Group h="100%" px="lg" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <LogoMark />
        <Text fw={700} size="lg" data-testid="app-name">
          {t('app.name')}
        </Text>
        <Text size="sm" c="dimmed" visibleFrom="md">
          {t('app.tagline')}
        </Text>
      </Group>
      <Group gap="md" wrap="nowrap">
        <WorkspaceSwitch />
        <LanguageSwitch testId="language-switch" />
      </Group>
    </Group>
  );
}
