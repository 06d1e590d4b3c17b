import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Step } from '../api/contract';
import { useAppStore } from '../store/app-store';
import { between, formatDuration } from './format-run';
import { StatusMark } from './status-look';

/** What a run node draws besides the step's live state, which it reads from the store itself. */
export type RunNodeData = { step: Step };
export type RunFlowNode = Node<RunNodeData, 'runStep'>;

/** The time now, again every `everyMs` while `active`. */
export function useNow(active: boolean, everyMs = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // No update here: a step that starts would draw twice; the first tick comes soon enough.
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return now;
}

/**
 * One step of a run: its status (a spinner and the time so far while it runs), attempts, a cache
 * hit, and the error where it failed. The nodes never change; each reads its step from the store,
 * so an event redraws only the step it is about.
 */
export const RunNode = memo(function RunNode({ id, data, sourcePosition, targetPosition }: NodeProps<RunFlowNode>) {
  const { t } = useTranslation();
  const live = useAppStore((state) => state.runView?.steps[id]);
  const replayed = useAppStore((state) => state.runView?.scrub?.steps[id]);
  const selected = useAppStore((state) => state.runView?.selectedStepId === id);
  const language = useAppStore((state) => state.language);
  const status = replayed?.status ?? live?.status ?? 'pending';
  const error = replayed ? replayed.error : (live?.error ?? null);
  const cacheHit = replayed ? replayed.cacheHit : (live?.cacheHit ?? false);
  const now = useNow(!replayed && status === 'running');
  const time = replayed
    ? null
    : status === 'running'
      ? between(live?.startedAt, null, now)
      : status === 'succeeded' || status === 'failed'
        ? between(live?.startedAt, live?.endedAt)
        : null;
  const attempt = replayed ? 0 : (live?.attempt ?? 0);
  const showsError = (status === 'failed' || status === 'cancelled' || status === 'skipped') && error;
  const classes = ['run-node', `status-${status}`];
  if (selected) classes.push('is-selected');
  if (cacheHit) classes.push('is-cache-hit');
  return (
    <div className={classes.join(' ')} data-testid={`run-node-${id}`} title={error ?? undefined}>
      <Handle type="target" position={targetPosition ?? Position.Left} className="run-handle" isConnectable={false} />
      <div className="run-node-head">
        <span className="run-node-mark" aria-hidden="true">
          <StatusMark status={status} />
        </span>
        <div className="run-node-title" dir="auto">
          {data.step.title}
        </div>
        {time !== null ? (
          <span className="run-node-time" data-testid={`step-time-${id}`}>
            {formatDuration(time, language)}
          </span>
        ) : null}
      </div>
      {showsError ? (
        <div className="run-node-error" dir="auto">
          <span className="run-node-status" data-testid={`step-status-${id}`} data-status={status}>
            {t(`stepStatus.${status}`)}
          </span>
          {': '}
          {error}
        </div>
      ) : (
        <div className="run-node-meta">
          <span className="run-node-status" data-testid={`step-status-${id}`} data-status={status} data-cache-hit={cacheHit ? 'true' : undefined}>
            {t(`stepStatus.${status}`)}
          </span>
          {cacheHit ? <span className="run-node-chip">{t('runNode.cacheHit')}</span> : null}
          {attempt > 1 ? <span className="run-node-chip">{t('runNode.attempt', { attempt })}</span> : null}
          <span className="run-node-agent" dir="ltr">
            {data.step.agent}
          </span>
        </div>
      )}
      <Handle type="source" position={sourcePosition ?? Position.Right} className="run-handle" isConnectable={false} />
    </div>
  );
});

/** Node types for React Flow, at module scope so the object never changes. */
export const runNodeTypes = { runStep: RunNode };
