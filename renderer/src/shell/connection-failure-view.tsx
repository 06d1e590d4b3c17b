import { Alert, Button, Center, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConnectionFailure } from '../store/notice-slice';
import { LogoMark } from './icons';

/** The whole page when the host refuses or drops the connection: no data is shown. */
export function ConnectionFailureView({ failure }: { failure: ConnectionFailure }) {
  const { t } = useTranslation();
  const unauthorized = failure === 'unauthorized';
  return (
    <Center h="100dvh" p="xl">
      <Stack maw={560} gap="xl" align="stretch">
        <Group gap="sm">
          <LogoMark />
          <Text fw={700} size="xl">
            {t('app.name')}
          </Text>
        </Group>
        <Alert
          data-testid="error-banner"
          color="red"
          variant="light"
          role="alert"
          title={unauthorized ? t('errors.unauthorizedTitle') : t('errors.connectionLostTitle')}
        >
          <Stack gap="md">
            <Text size="sm" data-testid="error-banner-message">
              {unauthorized ? t('errors.unauthorized') : t('errors.connectionLost')}
            </Text>
            <Group>
              <Button size="xs" variant="light" color="red" onClick={() => window.location.reload()}>
                {t('common.reload')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      </Stack>
    </Center>
  );
}
