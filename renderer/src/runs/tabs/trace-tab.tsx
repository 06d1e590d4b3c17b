import { Alert, Loader, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Span } from '../../api/contract';
import { useAppStore } from '../../store/app-store';
import { formatDuration } from '../format-run';
import { JsonBlock } from '../json-block';
import { useRunData } from './use-run-data';

/** How many step spans the tab lists. */
const listedSteps = 300;

/** The run's spans: the run, each step, each attempt, with their times and attributes. */
export function TraceTab() {
  const { t } = useTranslation();
  const selected = useAppStore((state) => state.runView?.selectedStepId ?? null);
  const { data, error } = useRunData((client, input) => client.runs.trace(input));

  const tree = useMemo(() => {
    if (!data) return null;
    const root = data.find((span) => span.parentId === null) ?? null;
    const children = new Map<string, Span[]>();
    for (const span of data) {
      if (!span.parentId) continue;
      const list = children.get(span.parentId);
      if (list) list.push(span);
      else children.set(span.parentId, [span]);
    }
    return { root, children };
  }, [data]);

  if (error) return <Alert color="red" m="md">{error}</Alert>;
  if (!tree) return <Loader size="sm" m="md" />;
  const origin = tree.root ? Date.parse(tree.root.start) : 0;
  const steps = (tree.root ? (tree.children.get(tree.root.id) ?? []) : []).filter((span) => !selected || span.stepId === selected);

  return (
    <div className="tab-body tab-scroll" data-testid="trace-tab">
      {tree.root && !selected ? <SpanRow span={tree.root} origin={origin} depth={0} /> : null}
      {steps.slice(0, listedSteps).map((span) => {
        // Under a map step: its own attempts, and its items (thousands, maybe) as one line; the step panel lists them.
        const children = tree.children.get(span.id) ?? [];
        const items = children.filter((child) => child.stepId !== span.stepId).length;
        return (
          <div key={span.id}>
            <SpanRow span={span} origin={origin} depth={selected ? 0 : 1} />
            {children
              .filter((child) => child.stepId === span.stepId)
              .map((attempt) => (
                <SpanRow key={attempt.id} span={attempt} origin={origin} depth={selected ? 1 : 2} />
              ))}
            {items > 0 ? (
              <Text size="xs" c="dimmed" style={{ paddingInlineStart: (selected ? 1 : 2) * 16 + 22 }} data-testid={`trace-items-${span.stepId}`}>
                {t('runTrace.items', { count: items })}
              </Text>
            ) : null}
          </div>
        );
      })}
      {steps.length === 0 ? (
        <Text size="sm" c="dimmed" p="sm">
          {t('runTrace.empty')}
        </Text>
      ) : null}
      {steps.length > listedSteps ? (
        <Text size="xs" c="dimmed" p="sm">
          {t('runTrace.more', { shown: listedSteps, total: steps.length })}
        </Text>
      ) : null}
    </div>
  );
}

function SpanRow({ span, origin, depth }: { span: Span; origin: number; depth: number }) {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const start = Date.parse(span.start);
  const duration = span.end ? Date.parse(span.end) - start : null;
  const hasAttributes = Object.keys(span.attributes).length > 0;
  const label = span.attempt !== null ? t('runTrace.attempt', { attempt: span.attempt }) : span.name;
  return (
    <details className="span-row" style={{ paddingInlineStart: depth * 16 }} data-testid={`span-${span.id}`}>
      <summary>
        <span className={`span-dot span-${span.status}`} aria-hidden="true" />
        <span className="span-name" dir="auto">
          {label}
        </span>
        <span className="span-status">{t(`runTrace.status.${span.status}`)}</span>
        <span className="span-time">
          +{formatDuration(start - origin, language)} · {duration === null ? t('runTrace.open') : formatDuration(duration, language)}
        </span>
      </summary>
      {hasAttributes ? <JsonBlock value={span.attributes} /> : null}
    </details>
  );
}
