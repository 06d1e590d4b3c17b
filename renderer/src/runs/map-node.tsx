import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { Step } from '../api/contract';
import { useAppStore, type AppState } from '../store/app-store';
import type { Language } from '../i18n/i18n';
import { between, formatCount, formatDuration } from './format-run';
import { noCounts, type MapCounts } from './map-items';
import { NodeHandles, nodeClasses, shownStep, type NodeSides } from './node-parts';
import { useNow, useRunNodeLook } from './run-node-look';
import { StatusMark } from './status-look';

/** The counts of a map step's items as shown: at the replayed moment while scrubbing, else live. */
export function shownCounts(state: AppState, id: string): MapCounts {
  const view = state.runView;
  if (view?.scrub) return view.scrub.items[id] ?? noCounts;
  return view?.items[id]?.counts ?? noCounts;
}

/** "7/12 done, 1 failed", or what the step waits for while it has no items yet. */
export function useMapProgressText(counts: MapCounts, language: Language): string {
  const { t } = useTranslation();
  if (counts.total === 0) return t('mapNode.forEach');
  const done = formatCount(counts.done, language);
  const total = formatCount(counts.total, language);
  if (counts.failed > 0) return t('mapNode.progressFailed', { done, total, failed: formatCount(counts.failed, language), count: counts.failed });
  return t('mapNode.progress', { done, total });
}

/**
 * A map step: one node drawn as a stack of cards, with how many of its items are done (and
 * failed) and, while they run, a thin bar. It reads the counts the run view keeps per map step,
 * which change at most once per animation frame however many item events arrive.
 */
export function MapRunNode({ id, step, far, sides }: { id: string; step: Step; far: boolean; sides: NodeSides }) {
  const look = useRunNodeLook();
  const shown = useAppStore(useShallow((state) => shownStep(state, id)));
  const counts = useAppStore((state) => shownCounts(state, id));
  const selected = useAppStore((state) => state.runView?.selectedStepId === id);
  const progress = useMapProgressText(counts, look.language);
  const { status, error } = shown;
  const now = useNow(!far && !shown.replayed && status === 'running');
  const time = far || shown.replayed ? null : status === 'running' ? between(shown.startedAt, null, now) : status === 'succeeded' || status === 'failed' ? between(shown.startedAt, shown.endedAt) : null;
  const going = status === 'running' || counts.active > 0;
  const share = (value: number) => (counts.total === 0 ? 0 : (value / counts.total) * 100);
  return (
    <div className={`run-map-stack status-${status}`} data-map-step={id}>
      <div className="run-map-shadow is-back" aria-hidden="true" />
      <div className="run-map-shadow is-middle" aria-hidden="true" />
      <div className={nodeClasses(status, selected, shown.cacheHit, 'is-map')} data-testid={`run-node-${id}`} title={error ?? undefined}>
        <div className="run-node-head">
          <span className="run-node-mark" aria-hidden="true">
            <StatusMark status={status} />
          </span>
          <div className="run-node-title" dir="auto">
            {step.title}
          </div>
          {time !== null ? (
            <span className="run-node-time" data-testid={`step-time-${id}`}>
              {formatDuration(time, look.language)}
            </span>
          ) : null}
        </div>
        <div className="run-node-meta">
          <span className="run-node-status" data-testid={`step-status-${id}`} data-status={status}>
            {look.statusLabel[status]}
          </span>
          <span className="run-map-dot" aria-hidden="true">
            ·
          </span>
          <span
            className={counts.failed > 0 ? 'run-map-progress has-failed' : 'run-map-progress'}
            dir="auto"
            data-testid="map-progress"
            data-done={counts.done}
            data-total={counts.total}
            data-failed={counts.failed}
          >
            {progress}
          </span>
        </div>
        {going && counts.total > 0 ? (
          <div
            className="run-map-bar"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={counts.total}
            aria-valuenow={counts.done}
            aria-label={progress}
            data-testid="map-progress-bar"
          >
            <div className="run-map-bar-done" style={{ width: `${share(counts.done - counts.failed)}%` }} />
            <div className="run-map-bar-failed" style={{ width: `${share(counts.failed)}%` }} />
          </div>
        ) : null}
      </div>
      <NodeHandles sides={sides} />
    </div>
  );
}
