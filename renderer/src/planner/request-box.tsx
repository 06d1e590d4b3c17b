import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GenerationPreview } from './generation-preview';
import { useGenerationStore } from './generation-store';
import { textDirection } from './text-direction';
import './planner.css';

/**
 * "Say what the plan should do": a request in English or Hebrew (the box follows the writing
 * direction of what is typed) becomes a new plan, shown step by step as it is written.
 */
export function RequestBox() {
  const { t } = useTranslation();
  const generate = useGenerationStore((state) => state.generate);
  const busy = useGenerationStore((state) => state.generationId !== null && state.result === null);
  const [request, setRequest] = useState('');
  const ready = request.trim() !== '' && !busy;

  const submit = () => {
    if (!ready) return;
    void generate(request.trim());
  };

  return (
    <Paper withBorder radius="lg" p="lg" className="request-box">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <div>
            <Text fw={600}>{t('generate.title')}</Text>
            <Text size="sm" c="dimmed">
              {t('generate.hint')}
            </Text>
          </div>
          <Textarea
            data-testid="plan-request"
            aria-label={t('generate.title')}
            placeholder={t('generate.placeholder')}
            value={request}
            onChange={(event) => setRequest(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
                event.preventDefault();
                submit();
              }
            }}
            autosize
            minRows={2}
            maxRows={8}
            maxLength={20_000}
            dir={textDirection(request, undefined)}
          />
          <Group justify="space-between" gap="sm">
            <Text size="xs" c="dimmed">
              {t('generate.shortcut')}
            </Text>
            <Button type="submit" data-testid="generate-plan" disabled={!ready} loading={busy}>
              {t('generate.button')}
            </Button>
          </Group>
        </Stack>
      </form>
      <GenerationPreview />
    </Paper>
  );
}
