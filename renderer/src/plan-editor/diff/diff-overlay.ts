import type { PlanDiff, PlanGraph, Position, Step } from '../../api/contract';

/** How a step of the newer version differs from the older one. */
export interface StepDiffMark {
  status: 'added' | 'changed' | 'same';
  /** It sits somewhere else on the canvas. */
  moved: boolean;
}

/** What the canvas draws over the newer version when two versions are compared. */
export interface DiffOverlay {
  marks: ReadonlyMap<string, StepDiffMark>;
  /** Steps drawn somewhere else and otherwise unchanged. */
  movedOnly: string[];
  /** Removed steps, drawn as ghosts where they were. */
  ghosts: { step: Step; position: Position }[];
  /** Edge ids (`source->target`) that are new. */
  addedEdges: ReadonlySet<string>;
  /** Dependencies that are gone; an end that is a removed step is drawn at its ghost. */
  removedEdges: { source: string; target: string }[];
}

/** Where a version draws each step: its stored place, else the one drawn for it. */
export interface DrawnVersion {
  graph: PlanGraph;
  positions: Record<string, Position>;
}

const drawnAt = (version: DrawnVersion, id: string) => version.graph.layout[id] ?? version.positions[id];

/**
 * The overlay for `diff`, with ghosts placed where the older version drew them. A step counts
 * as moved when it is drawn elsewhere: a place first written down where it was already drawn
 * (the engine lists that as a move from nothing) is not a move a person would see.
 */
export function overlayOf(diff: PlanDiff, older: DrawnVersion, newer: DrawnVersion): DiffOverlay {
  const marks = new Map<string, StepDiffMark>();
  for (const step of diff.stepsAdded) marks.set(step.id, { status: 'added', moved: false });
  for (const change of diff.stepsChanged) marks.set(change.stepId, { status: 'changed', moved: false });
  for (const move of diff.moved) {
    const before = drawnAt(older, move.stepId);
    const after = drawnAt(newer, move.stepId);
    if (before && after && Math.abs(before.x - after.x) < 1 && Math.abs(before.y - after.y) < 1) continue;
    const mark = marks.get(move.stepId);
    marks.set(move.stepId, { status: mark?.status ?? 'same', moved: true });
  }
  const ghosts = diff.stepsRemoved.map((step) => ({ step, position: drawnAt(older, step.id) ?? { x: 0, y: 0 } }));
  const movedOnly = [...marks].filter(([, mark]) => mark.status === 'same' && mark.moved).map(([id]) => id);
  return {
    marks,
    movedOnly,
    ghosts,
    addedEdges: new Set(diff.edgesAdded.map((edge) => `${edge.from}->${edge.to}`)),
    removedEdges: diff.edgesRemoved.map((edge) => ({ source: edge.from, target: edge.to })),
  };
}

/** A value as the diff list shows it: JSON, shortened; an absent value as an em dash. */
export function shownValue(value: unknown, limit = 60): string {
  if (value === undefined || value === null) return '—';
  const text = JSON.stringify(value);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** One field change as a line: `input.query: "december" → "november"`. */
export function changeLine(change: { path: string; before: unknown; after: unknown }): string {
  return `${change.path}: ${shownValue(change.before)} → ${shownValue(change.after)}`;
}
