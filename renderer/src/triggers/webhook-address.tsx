import { useTranslation } from 'react-i18next';
import { CopyField } from './copy-field';
import { webhookUrl } from './webhook-url';

/** The address a webhook trigger is called at, ready to copy. */
export function WebhookAddress({ path, testId = 'trigger-webhook-url' }: { path: string; testId?: string }) {
  const { t } = useTranslation();
  return <CopyField label={t('triggers.webhook.url')} value={webhookUrl(path)} testId={testId} />;
}
