import { Button, CopyButton, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A value shown in full (left to right, selectable) with a copy button beside it. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" className="copy-field">
        <code className="copy-field-value" dir="ltr" data-testid={testId}>
          {value}
        </code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="xs" variant={copied ? 'light' : 'default'} color={copied ? 'teal' : undefined} onClick={copy} data-testid={`${testId}-copy`}>
              {copied ? t('triggers.copied') : t('triggers.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </div>
  );
}
