import { Group, SegmentedControl, Select, Switch, Text } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/app-store';
import { clockTime } from '../format-run';

const levels = ['all', 'info', 'warn', 'error'] as const;
type LevelFilter = (typeof levels)[number];
const rank = { debug: 0, info: 1, warn: 2, error: 3 } as const;
/** The newest lines drawn; older ones stay in memory for the filters. */
const shownLines = 1000;

/** The run's log, live: filtered by the selected step and by level, following new lines unless told not to. */
export function LogsTab() {
  const { t } = useTranslation();
  const logs = useAppStore((state) => state.runView?.logs ?? []);
  const stepIds = useAppStore((state) => state.runView?.stepIds ?? []);
  const selected = useAppStore((state) => state.runView?.selectedStepId ?? null);
  const selectRunStep = useAppStore((state) => state.selectRunStep);
  const language = useAppStore((state) => state.language);
  const [level, setLevel] = useState<LevelFilter>('all');
  const [follow, setFollow] = useState(true);
  const list = useRef<HTMLDivElement>(null);

  const lines = useMemo(() => {
    const minimum = level === 'all' ? 0 : rank[level];
    const matching = logs.filter((line) => (!selected || line.stepId === selected) && rank[line.level] >= minimum);
    return matching.length > shownLines ? matching.slice(matching.length - shownLines) : matching;
  }, [logs, selected, level]);

  useEffect(() => {
    if (follow && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [lines, follow]);

  return (
    <div className="tab-body logs-tab">
      <Group gap="xs" wrap="nowrap" className="tab-controls">
        <Select
          size="xs"
          data={[{ value: '', label: t('runLogs.allSteps') }, ...stepIds.map((id) => ({ value: id, label: id }))]}
          value={selected ?? ''}
          onChange={(value) => selectRunStep(value || null)}
          searchable
          allowDeselect={false}
          aria-label={t('runLogs.step')}
          data-testid="logs-step-filter"
          w={140}
          comboboxProps={{ withinPortal: true }}
        />
        <SegmentedControl
          size="xs"
          value={level}
          onChange={(value) => setLevel(value as LevelFilter)}
          data={levels.map((value) => ({ value, label: t(`runLogs.level.${value}`) }))}
          data-testid="logs-level"
        />
        <Switch size="xs" label={t('runLogs.follow')} checked={follow} onChange={(event) => setFollow(event.currentTarget.checked)} data-testid="logs-follow" />
      </Group>
      <div
        className="log-list"
        ref={list}
        data-testid="logs-list"
        onWheel={(event) => {
          // Scrolling up to read stops following; the switch turns it on again.
          if (event.deltaY < 0 && follow) setFollow(false);
        }}
      >
        {lines.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm">
            {t('runLogs.empty')}
          </Text>
        ) : (
          lines.map((line) => (
            <div key={line.seq} className={`log-line level-${line.level}`} data-testid="log-line" data-step={line.stepId ?? ''}>
              <span className="log-time">{clockTime(line.at, language)}</span>
              <span className="log-level">{t(`runLogs.level.${line.level}`)}</span>
              {line.stepId ? (
                <button type="button" className="log-step" onClick={() => selectRunStep(line.stepId)} dir="ltr">
                  {line.stepId}
                </button>
              ) : (
                <span className="log-step" />
              )}
              <span className="log-message" dir="auto">
                {line.message}
              </span>
            </div>
          ))
        )}
      </div>
    </div>
  );
}
