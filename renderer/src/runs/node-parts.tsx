import { Handle, type Position } from '@xyflow/react';
import { memo } from 'react';
import type { StepStatus } from '../api/contract';
import type { AppState } from '../store/app-store';

/** What a node shows of its step: plain values, so a node redraws only when one of them changes. */
interface ShownStep {
  status: StepStatus;
  error: string | null;
  cacheHit: boolean;
  attempt: number;
  startedAt: string | null;
  endedAt: string | null;
  /** The person scrubs back in time: the replayed moment has no times or attempts. */
  replayed: boolean;
}

/** The step as shown: the replayed moment while scrubbing, else its live state. */
export function shownStep(state: AppState, id: string): ShownStep {
  const replayed = state.runView?.scrub?.steps[id];
  if (replayed) return { status: replayed.status, error: replayed.error, cacheHit: replayed.cacheHit, attempt: 0, startedAt: null, endedAt: null, replayed: true };
  const live = state.runView?.steps[id];
  return {
    status: live?.status ?? 'pending',
    error: live?.error ?? null,
    cacheHit: live?.cacheHit ?? false,
    attempt: live?.attempt ?? 0,
    startedAt: live?.startedAt ?? null,
    endedAt: live?.endedAt ?? null,
    replayed: false,
  };
}

/** The status shown for a step: all a node far out draws. */
export const shownStatus = (state: AppState, id: string): StepStatus =>
  state.runView?.scrub?.steps[id]?.status ?? state.runView?.steps[id]?.status ?? 'pending';

/** The node's outer classes: its status, selection and cache hit. */
export function nodeClasses(status: StepStatus, selected: boolean, cacheHit: boolean, extra?: string): string {
  let classes = `run-node status-${status}`;
  if (selected) classes += ' is-selected';
  if (cacheHit) classes += ' is-cache-hit';
  return extra ? `${classes} ${extra}` : classes;
}

export interface NodeSides {
  source: Position;
  target: Position;
}

/**
 * The invisible handles the edges attach to (their places are also given to React Flow up front).
 * Memoized: a handle reads React Flow's store, and a change of status must not redraw it.
 */
export const NodeHandles = memo(function NodeHandles({ sides }: { sides: NodeSides }) {
  return (
    <>
      <Handle type="target" position={sides.target} className="run-handle" isConnectable={false} />
      <Handle type="source" position={sides.source} className="run-handle" isConnectable={false} />
    </>
  );
});
