import { Position, type Node, type NodeProps } from '@xyflow/react';
import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Step } from '../api/contract';
import { useAppStore } from '../store/app-store';
import { createFarStatus } from './far-status';
import { between, formatDuration } from './format-run';
import { MapRunNode } from './map-node';
import { NodeHandles, nodeClasses, shownStatus, shownStep, type NodeSides } from './node-parts';
import { useNow, useRunNodeLook } from './run-node-look';
import { StatusMark } from './status-look';

/** What a run node draws besides the step's live state, which it reads from the store itself. */
export type RunNodeData = { step: Step };
export type RunFlowNode = Node<RunNodeData, 'runStep'>;

/**
 * One step of a run. Far out it is a block of its status colour; close up it shows its status
 * (a spinner and the time so far while it runs), attempts, a cache hit and the error where it
 * failed; a map step is a stack of cards with its items' progress. The nodes never change; each
 * reads its own step from the store, so an event redraws only the step it is about.
 */
export const RunNode = memo(function RunNode({ id, data, sourcePosition, targetPosition }: NodeProps<RunFlowNode>) {
  const { far } = useRunNodeLook();
  const sides = useMemo(() => ({ source: sourcePosition ?? Position.Right, target: targetPosition ?? Position.Left }), [sourcePosition, targetPosition]);
  if (data.step.forEach) return <MapRunNode id={id} step={data.step} far={far} sides={sides} />;
  return far ? <FarRunNode id={id} title={data.step.title} sides={sides} /> : <NearRunNode id={id} step={data.step} sides={sides} />;
});

const watchFarStatus = createFarStatus(useAppStore);

/**
 * A node far out: its status colour and nothing to read. A thousand of them change status within a
 * few frames of a fast run, so the status is written into the node directly (see far-status.ts)
 * rather than through a render of each node; a render for another reason (selection) reads the same
 * status, so the two always agree.
 */
function FarRunNode({ id, title, sides }: { id: string; title: string; sides: NodeSides }) {
  const selected = useAppStore((state) => state.runView?.selectedStepId === id);
  const box = useRef<HTMLDivElement>(null);
  const mark = useRef<HTMLSpanElement>(null);
  useLayoutEffect(
    () =>
      watchFarStatus(id, (status) => {
        const before = mark.current?.dataset.status;
        if (!box.current || !mark.current || status === before) return;
        box.current.classList.replace(`status-${before}`, `status-${status}`);
        mark.current.dataset.status = status;
      }),
    [id],
  );
  const status = shownStatus(useAppStore.getState(), id);
  return (
    <div ref={box} className={nodeClasses(status, selected, false)} data-testid={`run-node-${id}`} title={title}>
      <span ref={mark} className="run-node-status" data-testid={`step-status-${id}`} data-status={status} />
      <NodeHandles sides={sides} />
    </div>
  );
}

function NearRunNode({ id, step, sides }: { id: string; step: Step; sides: NodeSides }) {
  const look = useRunNodeLook();
  const shown = useAppStore(useShallow((state) => shownStep(state, id)));
  const selected = useAppStore((state) => state.runView?.selectedStepId === id);
  const { status, error, cacheHit, attempt } = shown;
  const now = useNow(!shown.replayed && status === 'running');
  const time = shown.replayed
    ? null
    : status === 'running'
      ? between(shown.startedAt, null, now)
      : status === 'succeeded' || status === 'failed'
        ? between(shown.startedAt, shown.endedAt)
        : null;
  const showsError = (status === 'failed' || status === 'cancelled' || status === 'skipped') && error;
  const statusText = (
    <span className="run-node-status" data-testid={`step-status-${id}`} data-status={status} data-cache-hit={cacheHit ? 'true' : undefined}>
      {look.statusLabel[status]}
    </span>
  );
  return (
    <div className={nodeClasses(status, selected, cacheHit)} data-testid={`run-node-${id}`} title={error ?? undefined}>
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
      {showsError ? (
        <div className="run-node-error" dir="auto">
          {statusText}
          {': '}
          {error}
        </div>
      ) : (
        <div className="run-node-meta">
          {statusText}
          {cacheHit ? <span className="run-node-chip">{look.cacheHit}</span> : null}
          {attempt > 1 ? <span className="run-node-chip">{look.attempt(attempt)}</span> : null}
          <span className="run-node-agent" dir="ltr">
            {step.agent}
          </span>
        </div>
      )}
      <NodeHandles sides={sides} />
    </div>
  );
}

/** Node types for React Flow, at module scope so the object never changes. */
export const runNodeTypes = { runStep: RunNode };
