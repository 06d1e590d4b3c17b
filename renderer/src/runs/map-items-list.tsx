import { Badge, CloseButton, Group, SegmentedControl, Text } from '@mantine/core';
import { useMemo, useState, type UIEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepRun, StepStatus } from '../api/contract';
import { useAppStore } from '../store/app-store';
import { between, formatCount, formatDuration } from './format-run';
import { JsonBlock } from './json-block';
import { noCounts } from './map-items';
import { useNow } from './run-node-look';
import { StatusMark, statusColor } from './status-look';

/** Height of one row of the list, in pixels: rows are placed by index, so only those in view are drawn. */
export const itemRowHeight = 30;
/** Height of the list's window onto its rows. */
const listHeight = 270;
/** Rows drawn beyond each edge of the window, so a quick scroll shows no gap. */
const overscan = 6;
/** Characters of an output shown in its row; the whole of it is shown below the list when picked. */
const previewCharacters = 160;

const filters = ['all', 'failed', 'active'] as const;
type ItemFilter = (typeof filters)[number];

const isActive = (status: StepStatus) => status === 'ready' || status === 'running' || status === 'waiting_approval';

/** One line of an output, cut short. */
export function outputPreview(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > previewCharacters ? `${text.slice(0, previewCharacters)}…` : text;
}

/** The rows in view for a scroll position: the first index and how many, within `count` rows. */
export function rowsInView(scrollTop: number, count: number, height = listHeight, rowHeight = itemRowHeight): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}

/**
 * The items of a map step, one row each (index, status, duration, output), drawn only where the
 * list is scrolled to, so ten thousand items cost no more than a window of them. Picking a row
 * shows its whole output below.
 */
export function MapItemsList({ stepId }: { stepId: string }) {
  const { t } = useTranslation();
  const items = useAppStore((state) => state.runView?.items[stepId]);
  const language = useAppStore((state) => state.language);
  const [filter, setFilter] = useState<ItemFilter>('all');
  const [scrollTop, setScrollTop] = useState(0);
  const [picked, setPicked] = useState<number | null>(null);
  const counts = items?.counts ?? noCounts;
  const runs = items?.runs;

  // The indexes the filter keeps; every index for "all", without building a list of them.
  const indexes = useMemo(() => {
    if (filter === 'all' || !runs) return null;
    const kept: number[] = [];
    runs.forEach((run, index) => {
      if (run && (filter === 'failed' ? run.status === 'failed' : isActive(run.status))) kept.push(index);
    });
    return kept;
  }, [filter, runs]);
  const count = indexes ? indexes.length : counts.total;
  const { first, last } = rowsInView(scrollTop, count);
  const rows: number[] = [];
  for (let position = first; position < last; position++) rows.push(indexes ? (indexes[position] as number) : position);
  const pickedRun = picked === null ? undefined : runs?.[picked];

  const filterLabel = (name: ItemFilter) => {
    const amount = name === 'all' ? counts.total : name === 'failed' ? counts.failed : counts.active;
    return `${t(`mapItems.filter.${name}`)} (${formatCount(amount, language)})`;
  };

  return (
    <div className="map-items" data-testid="map-items" data-total={counts.total}>
      <Group justify="space-between" wrap="nowrap" gap="xs" mb={6}>
        <Text size="sm" fw={600}>
          {t('mapItems.title')}
        </Text>
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(value) => {
            setFilter(value as ItemFilter);
            setScrollTop(0);
          }}
          data={filters.map((value) => ({ value, label: filterLabel(value) }))}
          data-testid="map-items-filter"
        />
      </Group>
      {count === 0 ? (
        <Text size="sm" c="dimmed" data-testid="map-items-empty">
          {t(filter === 'all' ? 'mapItems.empty' : 'mapItems.noneMatch')}
        </Text>
      ) : (
        <div
          className="map-items-window"
          style={{ height: Math.min(listHeight, count * itemRowHeight) }}
          onScroll={(event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop)}
          data-testid="map-items-list"
          aria-label={t('mapItems.title')}
        >
          <div className="map-items-rows" style={{ height: count * itemRowHeight }}>
            {rows.map((index, offset) => (
              <ItemRow
                key={index}
                index={index}
                run={runs?.[index]}
                top={(first + offset) * itemRowHeight}
                picked={picked === index}
                onPick={() => setPicked(picked === index ? null : index)}
              />
            ))}
          </div>
        </div>
      )}
      {picked !== null ? <PickedItem index={picked} run={pickedRun} onClose={() => setPicked(null)} /> : null}
    </div>
  );
}

function ItemRow({ index, run, top, picked, onPick }: { index: number; run: StepRun | undefined; top: number; picked: boolean; onPick: () => void }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const status = run?.status ?? 'pending';
  const now = useNow(status === 'running');
  const duration = run?.startedAt ? formatDuration(between(run.startedAt, run.endedAt, now), language) : '—';
  const text = run?.error ?? outputPreview(run?.output);
  return (
    <button
      type="button"
      className={picked ? `map-item-row status-${status} is-picked` : `map-item-row status-${status}`}
      style={{ top }}
      onClick={onPick}
      data-testid={`map-item-${index}`}
      data-status={status}
      aria-pressed={picked}
    >
      <span className="map-item-index">{formatCount(index, language)}</span>
      <span className="map-item-status">
        <StatusMark status={status} />
        <span>{t(`stepStatus.${status}`)}</span>
      </span>
      <span className="map-item-duration">{duration}</span>
      <span className={run?.error ? 'map-item-output is-error' : 'map-item-output'} dir="auto">
        {text}
      </span>
    </button>
  );
}

function PickedItem({ index, run, onClose }: { index: number; run: StepRun | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const status = run?.status ?? 'pending';
  return (
    <div className="map-item-detail" data-testid="map-item-detail" data-index={index}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={600}>
            {t('mapItems.item', { index })}
          </Text>
          <Badge size="sm" variant="light" color={statusColor[status]}>
            {t(`stepStatus.${status}`)}
          </Badge>
          {run && run.attempt > 1 ? (
            <Text size="xs" c="dimmed">
              {t('stepPanel.attempts', { count: run.attempt })}
            </Text>
          ) : null}
        </Group>
        <CloseButton size="sm" onClick={onClose} aria-label={t('mapItems.closeItem')} data-testid="map-item-close" />
      </Group>
      {run?.error ? (
        <Text size="sm" c="red.8" dir="auto" mt={4} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {run.error}
        </Text>
      ) : null}
      <div className="map-item-output-block">
        <JsonBlock value={run?.output} empty={t('mapItems.noOutput')} testId="map-item-output" />
      </div>
    </div>
  );
}
