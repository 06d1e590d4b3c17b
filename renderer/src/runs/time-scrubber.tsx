import { Button, Group, Slider, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';
import { formatDuration } from './format-run';

/** Replays an ended run's step states over time, from its stored event log. */
export function TimeScrubber() {
  const { t } = useTranslation();
  const timeline = useAppStore((state) => state.runView?.timeline ?? null);
  const scrub = useAppStore((state) => state.runView?.scrub ?? null);
  const scrubTo = useAppStore((state) => state.scrubTo);
  const language = useAppStore((state) => state.language);
  if (!timeline) return null;
  const length = Math.max(1, timeline.end - timeline.start);
  const value = scrub ? scrub.at - timeline.start : length;
  return (
    <Group className="time-scrubber" gap="md" wrap="nowrap" px="lg" py="xs" data-replaying={scrub ? 'true' : 'false'}>
      <Text size="sm" fw={600} style={{ flex: 'none' }}>
        {scrub ? t('runScrubber.replaying') : t('runScrubber.history')}
      </Text>
      <Slider
        className="time-scrubber-slider"
        data-testid="time-scrubber"
        min={0}
        max={length}
        step={Math.max(1, Math.round(length / 400))}
        value={value}
        onChange={(offset) => scrubTo(timeline.start + offset)}
        label={(offset) => `+${formatDuration(offset, language)}`}
        thumbLabel={t('runScrubber.label')}
        aria-label={t('runScrubber.label')}
        style={{ flex: 1 }}
      />
      <Text size="sm" c="dimmed" data-testid="scrubber-time" style={{ flex: 'none', minWidth: 120, textAlign: 'end' }}>
        {t('runScrubber.at', { offset: formatDuration(value, language), total: formatDuration(length, language) })}
      </Text>
      <Button size="xs" variant="light" disabled={!scrub} onClick={() => scrubTo(null)} data-testid="scrubber-latest" style={{ flex: 'none' }}>
        {t('runScrubber.latest')}
      </Button>
    </Group>
  );
}
