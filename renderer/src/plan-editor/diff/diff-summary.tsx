import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanDiff, Step } from '../../api/contract';
import { useAppStore } from '../../store/app-store';
import { ghostId } from '../graph-to-flow';
import { changeLine, type DiffOverlay } from './diff-overlay';

/** The side list of a comparison: every change, field by field; a click shows the step on the canvas. */
export function DiffSummary() {
  const { t } = useTranslation();
  const comparison = useAppStore((state) => state.viewing?.comparison ?? null);
  const newer = useAppStore((state) => state.viewing?.version ?? null);
  const focusStep = useAppStore((state) => state.focusStep);
  const [shown, setShown] = useState(rowsAtFirst);
  if (!comparison || !newer) return null;
  const { diff, from } = comparison;
  const { summary: counted } = diff;
  // Moves as the canvas shows them (a place written down where the step was drawn is no move).
  const summary = { ...counted, moved: comparison.overlay.movedOnly.length };
  const nothing = Object.values(summary).every((count) => count === 0);

  return (
    <section className="side-section diff-summary" data-testid="diff-summary" data-took-ms={Math.round(comparison.took)}>
      <Title order={5} mb={6}>
        {t('diff.title', { from: diff.from, to: diff.to })}
      </Title>
      <Group gap={6} mb="sm" data-testid="diff-counts">
        {summary.added > 0 ? <Badge color="green" variant="light">{t('diff.added', { count: summary.added })}</Badge> : null}
        {summary.removed > 0 ? <Badge color="red" variant="light">{t('diff.removed', { count: summary.removed })}</Badge> : null}
        {summary.changed > 0 ? <Badge color="yellow" variant="light">{t('diff.changed', { count: summary.changed })}</Badge> : null}
        {summary.moved > 0 ? <Badge color="violet" variant="light">{t('diff.moved', { count: summary.moved })}</Badge> : null}
        {summary.edgesAdded + summary.edgesRemoved > 0 ? (
          <Badge color="gray" variant="light">{t('diff.edges', { added: summary.edgesAdded, removed: summary.edgesRemoved })}</Badge>
        ) : null}
      </Group>
      {nothing ? (
        <Text size="sm" c="dimmed">
          {t('diff.none')}
        </Text>
      ) : null}
      <Stack gap={6}>
        {rowsOf(diff, comparison.overlay, newer.graph.steps, from.graph.steps, shown, t, focusStep)}
      </Stack>
      {total(diff, comparison.overlay) > shown ? (
        <Button variant="subtle" size="compact-xs" mt="xs" onClick={() => setShown(Infinity)} data-testid="diff-show-all">
          {t('diff.showAll', { count: total(diff, comparison.overlay) - shown })}
        </Button>
      ) : null}
    </section>
  );
}

/** Rows drawn before "show all": a thousand-step comparison lists its first changes at once. */
const rowsAtFirst = 60;

const total = (diff: PlanDiff, overlay: DiffOverlay) =>
  diff.stepsAdded.length + diff.stepsRemoved.length + diff.stepsChanged.length + overlay.movedOnly.length + diff.edgesAdded.length + diff.edgesRemoved.length;

type RowKind = 'added' | 'removed' | 'changed' | 'moved';

/**
 * The first `limit` changes as rows: steps added, removed, changed (field by field), moved; then
 * links. Plain elements: a comparison may list hundreds of rows.
 */
function rowsOf(diff: PlanDiff, overlay: DiffOverlay, newer: Step[], older: Step[], limit: number, t: TFunction, focusStep: (stepId: string) => void): ReactNode[] {
  const titles = new Map([...older, ...newer].map((step) => [step.id, step.title]));
  const titleOf = (id: string) => titles.get(id) ?? id;
  const label = (kind: RowKind, moved = false) => (moved ? `${t(`diff.kind.${kind}`)}, ${t('diff.kind.moved')}` : t(`diff.kind.${kind}`));
  const rows: ReactNode[] = [];
  const stepRow = (kind: RowKind, stepId: string, target: string, children?: ReactNode, moved = false) => (
    <button type="button" key={`${kind}:${stepId}`} className={`diff-row diff-row-${kind}`} data-testid={`diff-item-${stepId}`} onClick={() => focusStep(target)}>
      <span className="diff-row-head">
        <span className={`diff-swatch diff-swatch-${kind}`} />
        <span className="diff-row-title" dir="auto">
          {titleOf(stepId)}
        </span>
        <span className="diff-row-kind">{label(kind, moved)}</span>
      </span>
      {children}
    </button>
  );
  const edgeRow = (kind: 'added' | 'removed', edge: { from: string; to: string }) => (
    <div key={`${kind}:${edge.from}:${edge.to}`} className={`diff-row diff-row-${kind}`} data-testid="diff-edge">
      <span className="diff-row-head">
        <span className={`diff-swatch diff-swatch-edge-${kind}`} />
        <span className="diff-row-title" dir="auto">{`${titleOf(edge.from)} → ${titleOf(edge.to)}`}</span>
        <span className="diff-row-kind">{t(`diff.kind.edge-${kind}`)}</span>
      </span>
    </div>
  );
  for (const step of diff.stepsAdded) if (rows.length < limit) rows.push(stepRow('added', step.id, step.id));
  for (const step of diff.stepsRemoved) if (rows.length < limit) rows.push(stepRow('removed', step.id, ghostId(step.id)));
  for (const change of diff.stepsChanged) {
    if (rows.length >= limit) break;
    const lines = change.changes.map((field) => (
      <span key={field.path} className="diff-line" dir="ltr" data-testid="diff-line">
        {changeLine(field)}
      </span>
    ));
    rows.push(stepRow('changed', change.stepId, change.stepId, lines, overlay.marks.get(change.stepId)?.moved ?? false));
  }
  for (const stepId of overlay.movedOnly) if (rows.length < limit) rows.push(stepRow('moved', stepId, stepId));
  for (const edge of diff.edgesAdded) if (rows.length < limit) rows.push(edgeRow('added', edge));
  for (const edge of diff.edgesRemoved) if (rows.length < limit) rows.push(edgeRow('removed', edge));
  return rows;
}
