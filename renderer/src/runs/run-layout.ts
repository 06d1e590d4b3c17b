import type { PlanGraph, Position } from '../api/contract';
import { computeLayout } from '../plan-editor/layout/layout-client';

/** A run node has the size of the editor's step node, so a plan's stored layout fits it as is. */
export const runNodeSize = { width: 220, height: 72 } as const;

/** Layouts computed lately, by plan version: runs of one version share their graph. */
const computed = new Map<string, Promise<Record<string, Position>>>();
const keptLayouts = 8;

/**
 * Where each step sits, in left-to-right terms: the plan's stored layout when it places every
 * step, else a layered layout of the whole graph (off the main thread when it can), kept for
 * the next run of the same plan version (`key`).
 */
export function runPositions(graph: PlanGraph, key?: string): Promise<Record<string, Position>> {
  if (graph.steps.every((step) => graph.layout[step.id])) return Promise.resolve(graph.layout);
  if (key === undefined) return layOut(graph);
  const known = computed.get(key);
  if (known) return known;
  const positions = layOut(graph);
  computed.set(key, positions);
  if (computed.size > keptLayouts) computed.delete(computed.keys().next().value as string);
  return positions;
}

function layOut(graph: PlanGraph): Promise<Record<string, Position>> {
  const index = new Map(graph.steps.map((step, position) => [step.id, position]));
  const edges: number[] = [];
  for (const step of graph.steps) {
    for (const dependency of step.dependsOn) {
      const source = index.get(dependency);
      if (source !== undefined) edges.push(source, index.get(step.id) as number);
    }
  }
  return computeLayout({
    ids: graph.steps.map((step) => step.id),
    edges,
    direction: 'LR',
    size: runNodeSize,
    gaps: { rank: 80, node: 40 },
  });
}

/** A stored position as drawn: Hebrew mirrors the graph so it reads from right to left. */
export function drawnPosition(position: Position, reading: 'ltr' | 'rtl'): Position {
  return reading === 'rtl' ? { x: -position.x - runNodeSize.width, y: position.y } : position;
}
