import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A section that exists in the sidebar but whose engine has not landed yet. */
export function NotBuiltPage({ section }: { section: 'runs' | 'approvals' | 'triggers' }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={720} data-testid={`page-${section}`}>
      <Title order={2}>{t(`notBuilt.${section}.title`)}</Title>
      <Paper withBorder p="xl" radius="lg" bg="var(--mantine-color-gray-0)">
        <Text size="md" lh={1.6} data-testid="not-built-message">
          {t(`notBuilt.${section}.body`)}
        </Text>
      </Paper>
    </Stack>
  );
}
