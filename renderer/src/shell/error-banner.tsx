import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';

/** The last error (or news) from a call to the host, until the person dismisses it. */
export function ErrorBanner() {
  const { t } = useTranslation();
  const notice = useAppStore((state) => state.notice);
  const dismiss = useAppStore((state) => state.dismissNotice);
  if (!notice) return null;
  const isError = notice.kind === 'error';
  const testId = isError ? 'error-banner' : 'info-banner';
  return (
    <Alert
      data-testid={testId}
      color={isError ? 'red' : 'indigo'}
      variant="light"
      radius="md"
      mb="lg"
      title={isError ? t('errors.title') : undefined}
      role={isError ? 'alert' : 'status'}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
        <div>
          <Text size="sm" data-testid={`${testId}-message`}>
            {notice.message}
          </Text>
          {notice.code ? (
            <Text size="xs" c="dimmed" mt={4}>
              {t('errors.code', { code: notice.code })}
            </Text>
          ) : null}
        </div>
        <Button size="xs" variant="subtle" color={isError ? 'red' : 'indigo'} onClick={dismiss} data-testid={`${testId}-dismiss`}>
          {t('common.dismiss')}
        </Button>
      </Group>
    </Alert>
  );
}
