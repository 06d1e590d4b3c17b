import { Badge, Button, Group, Select, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VersionSummary } from '../api/contract';
import { fullTime, relativeTime } from '../format';
import { CompareIcon } from '../shell/icons';
import { useAppStore } from '../store/app-store';

/** Saving the working copy as a new version, and the list of every version, newest first. */
export function VersionPanel() {
  const { t } = useTranslation();
  const versions = useAppStore((state) => state.versions);
  return (
    <Stack gap="md">
      <Title order={5}>{t('versions.title')}</Title>
      <SaveVersionBox />
      <CompareBox />
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

/** Picks two versions and shows what changed between them on the canvas. */
function CompareBox() {
  const { t } = useTranslation();
  const versions = useAppStore((state) => state.versions);
  const compareVersions = useAppStore((state) => state.compareVersions);
  const comparing = useAppStore((state) => state.viewing?.comparison ?? null);
  const newest = versions[0]?.number ?? null;
  const [picked, setPicked] = useState<{ from: number | null; to: number | null }>({ from: null, to: null });
  const from = picked.from ?? versions[1]?.number ?? null;
  const to = picked.to ?? newest;
  const [busy, setBusy] = useState(false);
  if (versions.length < 2) return null;
  const options = versions.map((version) => ({ value: String(version.number), label: t('plans.version', { number: version.number }) }));

  return (
    <Stack gap={6} className="compare-box">
      <Text size="sm" fw={600}>
        {t('versions.compareTitle')}
      </Text>
      <Group gap={6} wrap="nowrap" align="flex-end">
        <Select
          size="xs"
          aria-label={t('versions.compareFrom')}
          data={options}
          value={from === null ? null : String(from)}
          onChange={(value) => setPicked((current) => ({ ...current, from: value ? Number(value) : null }))}
          allowDeselect={false}
          data-testid="compare-from"
          comboboxProps={{ withinPortal: true }}
          style={{ flex: 1 }}
        />
        <Text size="sm" c="dimmed" pb={4} className="compare-arrow">
          →
        </Text>
        <Select
          size="xs"
          aria-label={t('versions.compareTo')}
          data={options}
          value={to === null ? null : String(to)}
          onChange={(value) => setPicked((current) => ({ ...current, to: value ? Number(value) : null }))}
          allowDeselect={false}
          data-testid="compare-to"
          comboboxProps={{ withinPortal: true }}
          style={{ flex: 1 }}
        />
        <Button
          size="xs"
          variant={comparing ? 'filled' : 'light'}
          leftSection={<CompareIcon size={16} />}
          data-testid="compare-versions"
          disabled={from === null || to === null || from === to}
          loading={busy}
          onClick={async () => {
            if (from === null || to === null) return;
            setBusy(true);
            await compareVersions(from, to);
            setBusy(false);
          }}
        >
          {t('versions.compare')}
        </Button>
      </Group>
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
