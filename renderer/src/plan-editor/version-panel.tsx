import { Badge, Button, Group, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VersionSummary } from '../api/contract';
import { fullTime, relativeTime } from '../format';
import { useAppStore } from '../store/app-store';

/** Saving the working copy as a new version, and the list of every version, newest first. */
export function VersionPanel() {
  const { t } = useTranslation();
  const versions = useAppStore((state) => state.versions);
  return (
    <Stack gap="md">
      <Title order={5}>{t('versions.title')}</Title>
      <SaveVersionBox />
      <Stack gap={6} data-testid="version-list">
        {versions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('versions.empty')}
          </Text>
        ) : (
          versions.map((version) => <VersionRow key={version.id} version={version} />)
        )}
      </Stack>
    </Stack>
  );
}

function SaveVersionBox() {
  const { t } = useTranslation();
  const saveVersion = useAppStore((state) => state.saveVersion);
  const viewing = useAppStore((state) => state.viewing !== null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const disabled = !message.trim() || viewing;

  const submit = async () => {
    if (disabled || busy) return;
    setBusy(true);
    const saved = await saveVersion(message.trim());
    setBusy(false);
    if (saved) setMessage('');
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="xs">
        <TextInput
          data-testid="version-message"
          aria-label={t('plan.versionMessage')}
          placeholder={t('plan.versionMessagePlaceholder')}
          value={message}
          onChange={(event) => setMessage(event.currentTarget.value)}
          maxLength={2000}
          disabled={viewing}
        />
        <Button type="submit" data-testid="save-version" disabled={disabled} loading={busy} fullWidth>
          {t('plan.saveVersion')}
        </Button>
      </Stack>
    </form>
  );
}

function VersionRow({ version }: { version: VersionSummary }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const head = useAppStore((state) => state.doc?.plan.headVersion);
  const viewed = useAppStore((state) => state.viewing?.version.number === version.number);
  const viewVersion = useAppStore((state) => state.viewVersion);
  return (
    <UnstyledButton
      className={viewed ? 'version-row is-viewed' : 'version-row'}
      data-testid={`version-item-${version.number}`}
      aria-current={viewed ? 'true' : undefined}
      onClick={() => void viewVersion(version.number)}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap={8} wrap="nowrap">
          <Badge variant={viewed ? 'filled' : 'light'} size="sm">
            {t('plans.version', { number: version.number })}
          </Badge>
          {version.number === head ? (
            <Badge variant="outline" size="sm" color="gray">
              {t('versions.current')}
            </Badge>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed" title={fullTime(version.createdAt, language)}>
          {relativeTime(version.createdAt, language)}
        </Text>
      </Group>
      <Text size="sm" mt={6} lineClamp={2} data-testid="version-message-text">
        {version.message}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        {t(`versions.author.${version.author}`)} · {t('versions.steps', { count: version.stepCount })}
      </Text>
    </UnstyledButton>
  );
}
