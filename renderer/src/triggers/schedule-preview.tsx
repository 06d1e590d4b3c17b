import { Code, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../api/contract';
import { useAppStore } from '../store/app-store';
import { readScheduleText, timeInZone } from './schedule-text';

type Preview = Output<'triggers.preview'>;
type PreviewState = { kind: 'empty' } | { kind: 'loading' } | { kind: 'ok'; preview: Preview } | { kind: 'error'; message: string };

/**
 * What the schedule field means, asked of the host as the person types: the cron it becomes,
 * the schedule in words and its next firing times in the chosen time zone.
 */
export function SchedulePreview({ text, timeZone, onValidity }: { text: string; timeZone: string; onValidity: (valid: boolean) => void }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const api = useAppStore((state) => state.api);
  // A string, not an object: the debounce restarts whenever its value is a new object.
  const [debounced] = useDebouncedValue(`${timeZone}\n${text}`, 250);
  const [state, setState] = useState<PreviewState>({ kind: 'empty' });

  useEffect(() => {
    const [zone = '', ...lines] = debounced.split('\n');
    const schedule = readScheduleText(lines.join('\n'));
    if (!schedule) {
      setState({ kind: 'empty' });
      onValidity(false);
      return;
    }
    let current = true;
    setState({ kind: 'loading' });
    api()
      .triggers.preview({ ...schedule, timeZone: zone, count: 5 })
      .then(
        (preview) => {
          if (!current) return;
          setState({ kind: 'ok', preview });
          onValidity(true);
        },
        (error: unknown) => {
          if (!current) return;
          setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
          onValidity(false);
        },
      );
    return () => {
      current = false;
    };
  }, [api, debounced, onValidity]);

  const kind = readScheduleText(text);
  return (
    <Paper withBorder radius="md" p="sm" className="schedule-preview" data-testid="trigger-preview" data-state={state.kind} aria-live="polite">
      {state.kind === 'empty' ? (
        <Text size="sm" c="dimmed">
          {t('triggers.preview.empty')}
        </Text>
      ) : state.kind === 'loading' ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            {t('triggers.preview.checking')}
          </Text>
        </Group>
      ) : state.kind === 'error' ? (
        <Stack gap={2}>
          <Text size="sm" fw={600} c="red.7">
            {t('triggers.preview.invalid')}
          </Text>
          <Text size="sm" c="red.7" data-testid="trigger-preview-error">
            {state.message}
          </Text>
        </Stack>
      ) : (
        <Stack gap={6}>
          <Group gap="sm" justify="space-between" wrap="nowrap" align="flex-start">
            <Text fw={600} data-testid="trigger-preview-words">
              {state.preview.words[language]}
            </Text>
            <Code dir="ltr" data-testid="trigger-preview-cron" className="schedule-cron">
              {state.preview.cron}
            </Code>
          </Group>
          <Text size="xs" c="dimmed">
            {kind && 'cron' in kind ? t('triggers.preview.readAsCron') : t('triggers.preview.readAsPhrase')} ·{' '}
            {t('triggers.preview.nextIn', { zone: state.preview.timeZone })}
          </Text>
          <ul className="schedule-next" data-testid="trigger-preview-next">
            {state.preview.next.map((time) => (
              <li key={time}>{timeInZone(time, state.preview.timeZone, language)}</li>
            ))}
          </ul>
        </Stack>
      )}
    </Paper>
  );
}
