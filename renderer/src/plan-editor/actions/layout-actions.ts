import type { Position } from '../../api/contract';
import { moveSteps } from '../graph-edit';
import { defineAction } from './editor-action';

/** Steps dragged by hand: their new places, and "tidy" leaves them where the person put them. */
export const moveStepsAction = defineAction<{ positions: Record<string, Position> }>({
  name: 'steps.move',
  capture: 'immediately',
  perform: (document, { positions }) => {
    const ids = Object.keys(positions).filter((id) => document.graph.steps.some((step) => step.id === id));
    if (ids.length === 0) return null;
    const graph = moveSteps(document.graph, Object.fromEntries(ids.map((id) => [id, positions[id] as Position])));
    return { graph, handPlaced: new Set([...document.handPlaced, ...ids]) };
  },
});

/** An auto layout: new places for the steps it moved; "re-layout all" also forgets what was placed by hand. */
export const applyLayoutAction = defineAction<{ positions: Record<string, Position>; all: boolean }>({
  name: 'layout.apply',
  capture: 'immediately',
  perform: (document, { positions, all }) => {
    const ids = new Set(document.graph.steps.map((step) => step.id));
    const moved = Object.fromEntries(Object.entries(positions).filter(([id]) => ids.has(id)));
    const graph = moveSteps(document.graph, moved);
    const handPlaced = all ? new Set<string>() : document.handPlaced;
    const samePlaces = Object.entries(moved).every(([id, position]) => {
      const before = document.graph.layout[id];
      return before && Math.round(before.x) === Math.round(position.x) && Math.round(before.y) === Math.round(position.y);
    });
    if (samePlaces && handPlaced.size === document.handPlaced.size) return null;
    return { graph, handPlaced };
  },
});
