import type { PlanGraph } from '../../api/contract';
import { sameGraph, withFullLayout } from '../graph-edit';
import { defineAction } from './editor-action';

/** Why the whole graph was replaced. */
export type ReplaceReason = 'restore' | 'draft' | 'discard' | 'replan';

/**
 * The whole working copy replaced: a restored version, the draft brought back after a restart,
 * a discarded draft, or a replanned graph. Undo brings back what was there before.
 */
export const replaceGraphAction = defineAction<{ graph: PlanGraph; reason: ReplaceReason; handPlaced?: ReadonlySet<string> }>({
  name: 'plan.replace',
  capture: 'immediately',
  perform: (document, { graph, handPlaced }) =>
    sameGraph(document.graph, graph) && !handPlaced ? null : { graph, handPlaced: handPlaced ?? new Set() },
});

/**
 * The drawn places of steps the stored layout does not place, written into the graph when it is
 * saved. Nothing a person sees changes, so there is nothing to undo.
 */
export const fillLayoutAction = defineAction<{ positions: PlanGraph['layout'] }>({
  name: 'layout.fill',
  capture: 'never',
  perform: (document, { positions }) => {
    const graph = withFullLayout(document.graph, positions);
    return Object.keys(graph.layout).length === Object.keys(document.graph.layout).length ? null : { ...document, graph };
  },
});
