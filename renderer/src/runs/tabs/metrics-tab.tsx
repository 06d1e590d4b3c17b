import { Alert, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunMetrics, Span } from '../../api/contract';
import { useAppStore } from '../../store/app-store';
import { formatCost, formatCount, formatDuration } from '../format-run';
import { itemOf } from '../map-items';
import { useRunData } from './use-run-data';

/** How many steps the timeline draws. */
const timelineRows = 200;

interface Row {
  stepId: string;
  start: number;
  bars: { start: number; end: number; status: Span['status']; attempt: number | null }[];
  metrics: RunMetrics['steps'][number] | undefined;
}

/** Totals of the run and a timeline of its steps, attempt by attempt. */
export function MetricsTab() {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const selected = useAppStore((state) => state.runView?.selectedStepId ?? null);
  const selectRunStep = useAppStore((state) => state.selectRunStep);
  const { data, error } = useRunData((client, input) => Promise.all([client.runs.metrics(input), client.runs.trace(input)]));

  const timeline = useMemo(() => (data ? timelineOf(data[0], data[1]) : null), [data]);

  if (error) return <Alert color="red" m="md">{error}</Alert>;
  if (!data || !timeline) return <Loader size="sm" m="md" />;
  const [metrics] = data;
  const { totals } = metrics;
  const rows = selected ? timeline.rows.filter((row) => row.stepId === selected) : timeline.rows;
  const span = Math.max(1, timeline.end - timeline.start);
  const at = (time: number) => `${((time - timeline.start) / span) * 100}%`;
  const width = (from: number, to: number) => `max(3px, ${((to - from) / span) * 100}%)`;

  return (
    <div className="tab-body tab-scroll" data-testid="metrics-tab">
      <SimpleGrid cols={3} spacing="xs" verticalSpacing="xs" data-testid="metrics-totals">
        <Total label={t('runMetrics.duration')} value={formatDuration(metrics.durationMs, language)} />
        <Total label={t('runMetrics.steps')} value={t('runMetrics.stepsValue', { succeeded: totals.succeeded, total: totals.steps, failed: totals.failed })} />
        <Total label={t('runMetrics.attempts')} value={t('runMetrics.attemptsValue', { attempts: totals.attempts, retries: totals.retries })} />
        <Total label={t('runMetrics.cacheHits')} value={formatCount(totals.cacheHits, language)} testId="metrics-cache-hits" />
        <Total label={t('runMetrics.tokens')} value={formatCount(totals.tokens, language)} />
        <Total label={t('runMetrics.cost')} value={formatCost(totals.costUsd, language)} />
      </SimpleGrid>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={6} className="section-title">
        {t('runMetrics.timeline')}
      </Text>
      <Stack gap={2} className="gantt" data-testid="metrics-timeline">
        {rows.slice(0, timelineRows).map((row) => (
          <div
            key={row.stepId}
            className={`gantt-row${row.stepId === selected ? ' is-selected' : ''}`}
            data-testid={`gantt-row-${row.stepId}`}
            title={rowTitle(row, t, language)}
          >
            <button type="button" className="gantt-label link-button" dir="ltr" onClick={() => selectRunStep(row.stepId)}>
              {row.stepId}
            </button>
            <div className="gantt-track">
              {row.bars.map((bar, index) => (
                <span
                  key={index}
                  className={`gantt-bar span-${bar.status}${row.metrics?.cacheHit ? ' is-cache-hit' : ''}`}
                  style={{ insetInlineStart: at(bar.start), width: width(bar.start, bar.end) }}
                />
              ))}
            </div>
            <span className="gantt-duration">{row.metrics?.cacheHit ? t('runNode.cacheHit') : formatDuration(row.metrics?.durationMs, language)}</span>
          </div>
        ))}
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('runMetrics.noSteps')}
          </Text>
        ) : null}
        {rows.length > timelineRows ? (
          <Text size="xs" c="dimmed">
            {t('runMetrics.more', { shown: timelineRows, total: rows.length })}
          </Text>
        ) : null}
      </Stack>
    </div>
  );
}

function Total({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="metric-total">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={650} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function rowTitle(row: Row, t: (key: string, values?: Record<string, unknown>) => string, language: 'en' | 'he'): string {
  const metrics = row.metrics;
  if (!metrics) return row.stepId;
  return [
    `${row.stepId} (${metrics.agentId})`,
    t('runMetrics.rowAttempts', { count: metrics.attempts }),
    formatDuration(metrics.durationMs, language),
    `${t('runMetrics.tokens')}: ${formatCount(metrics.tokens, language)}`,
    `${t('runMetrics.cost')}: ${formatCost(metrics.costUsd, language)}`,
    metrics.cacheHit ? t('runNode.cacheHit') : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Rows of the timeline from the trace: one per step that started, a bar per attempt. */
function timelineOf(metrics: RunMetrics, spans: Span[]): { start: number; end: number; rows: Row[] } {
  const now = Date.now();
  const runSpan = spans.find((span) => span.parentId === null);
  const byStep = new Map(metrics.steps.map((step) => [step.stepId, step]));
  const rows = new Map<string, Row>();
  let end = runSpan?.end ? Date.parse(runSpan.end) : 0;
  for (const span of spans) {
    // A map step's items are not rows of the plan's timeline: their map step's row spans them.
    if (!span.stepId || itemOf(span.stepId)) continue;
    const start = Date.parse(span.start);
    const stop = span.end ? Date.parse(span.end) : now;
    end = Math.max(end, stop);
    let row = rows.get(span.stepId);
    if (!row) {
      row = { stepId: span.stepId, start, bars: [], metrics: byStep.get(span.stepId) };
      rows.set(span.stepId, row);
    }
    row.start = Math.min(row.start, start);
    // A step's attempts are its bars; a step without attempts (a cache hit) is drawn from its own span.
    if (span.attempt !== null) row.bars.push({ start, end: stop, status: span.status, attempt: span.attempt });
  }
  for (const span of spans) {
    const row = span.stepId && span.attempt === null ? rows.get(span.stepId) : undefined;
    if (row && row.bars.length === 0) row.bars.push({ start: Date.parse(span.start), end: span.end ? Date.parse(span.end) : now, status: span.status, attempt: null });
  }
  const start = runSpan ? Date.parse(runSpan.start) : Math.min(...[...rows.values()].map((row) => row.start), now);
  return { start, end: Math.max(end, start + 1), rows: [...rows.values()].sort((a, b) => a.start - b.start) };
}
