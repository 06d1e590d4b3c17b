import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fullTime } from '../format';
import { useAppStore } from '../store/app-store';
import { CopyField } from './copy-field';
import { useTriggersStore } from './triggers-store';
import { WebhookAddress } from './webhook-address';

/** The webhook secret, shown this once (after create or rotate) with the address and how to sign. */
export function SecretModal() {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const revealed = useTriggersStore((state) => state.revealed);
  const dismiss = useTriggersStore((state) => state.dismissSecret);
  const webhook = revealed?.trigger.webhook ?? null;
  const previousUntil = webhook?.previousSecretValidUntil ?? null;
  return (
    <Modal
      opened={revealed !== null}
      onClose={dismiss}
      title={revealed?.rotated ? t('triggers.secret.rotatedTitle') : t('triggers.secret.title')}
      size="lg"
      centered
      closeOnClickOutside={false}
    >
      {revealed && webhook ? (
        <Stack gap="md" data-testid="trigger-secret-modal">
          <Alert color="yellow" variant="light">
            {t('triggers.secret.once')}
          </Alert>
          <WebhookAddress path={webhook.path} />
          <CopyField label={t('triggers.secret.label')} value={revealed.secret} testId="trigger-secret" />
          {revealed.rotated && previousUntil ? (
            <Text size="sm" c="dimmed">
              {t('triggers.secret.previousUntil', { time: fullTime(previousUntil, language) })}
            </Text>
          ) : null}
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('triggers.secret.howTitle')}
            </Text>
            <Text size="sm" c="dimmed">
              {t('triggers.secret.how')}
            </Text>
            <Code block dir="ltr" mt={6} className="signature-example">
              {'X-Tizmor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>\nX-Tizmor-Delivery: <unique id, optional>'}
            </Code>
          </div>
          <Group justify="flex-end">
            <Button onClick={dismiss} data-testid="trigger-secret-done">
              {t('triggers.secret.done')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
