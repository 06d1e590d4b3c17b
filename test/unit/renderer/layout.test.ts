import { describe, expect, it } from 'vitest';
import type { PlanGraph, Position } from '../../../engine/api';
import { layoutRequestOf, stepNodeSize, tidyPositions } from '../../../renderer/src/plan-editor/graph-layout';
import { layeredLayout, spacedClosest } from '../../../renderer/src/plan-editor/layout/layered-layout';

/** `count` steps in layers of ten, each waiting for two steps of the layer before. */
function layered(count: number): PlanGraph {
  const steps: PlanGraph['steps'] = [];
  for (let index = 0; index < count; index++) {
    const layer = Math.floor(index / 10);
    const dependsOn = layer === 0 ? [] : [`s${(layer - 1) * 10 + (index % 10)}`, `s${(layer - 1) * 10 + ((index + 1) % 10)}`];
    steps.push({ id: `s${index}`, title: `Step ${index}`, agent: 'sim', input: {}, dependsOn });
  }
  return { steps, layout: {} };
}

function overlapping(positions: Record<string, Position>): string[] {
  const entries = Object.entries(positions);
  const clashes: string[] = [];
  const cells = new Map<string, [string, Position][]>();
  for (const entry of entries) {
    const key = `${Math.floor(entry[1].x / 300)}:${Math.floor(entry[1].y / 100)}`;
    for (const [dx, dy] of [[0, 0], [-1, 0], [0, -1], [-1, -1], [1, -1]]) {
      const near = cells.get(`${Math.floor(entry[1].x / 300) + (dx as number)}:${Math.floor(entry[1].y / 100) + (dy as number)}`) ?? [];
      for (const [id, other] of near) {
        if (Math.abs(other.x - entry[1].x) < stepNodeSize.width && Math.abs(other.y - entry[1].y) < stepNodeSize.height) clashes.push(`${id}/${entry[0]}`);
      }
    }
    cells.set(key, [...(cells.get(key) ?? []), entry]);
  }
  return clashes;
}

describe('layered layout', () => {
  const chain: PlanGraph = {
    steps: [
      { id: 'a', title: 'A', agent: 'x', input: {}, dependsOn: [] },
      { id: 'b', title: 'B', agent: 'x', input: {}, dependsOn: ['a'] },
      { id: 'c', title: 'C', agent: 'x', input: {}, dependsOn: ['b', 'a'] },
      { id: 'side', title: 'Side', agent: 'x', input: {}, dependsOn: [] },
    ],
    layout: {},
  };

  it('puts every step after the steps it waits for, left to right or top to bottom', () => {
    const lr = layeredLayout(layoutRequestOf(chain, 'LR'));
    expect(lr.a!.x).toBeLessThan(lr.b!.x);
    expect(lr.b!.x).toBeLessThan(lr.c!.x);
    // A step that waits for nothing and feeds nothing stays in the first column.
    expect(lr.side!.x).toBe(0);
    const tb = layeredLayout(layoutRequestOf(chain, 'TB'));
    expect(tb.a!.y).toBeLessThan(tb.b!.y);
    expect(tb.b!.y).toBeLessThan(tb.c!.y);
    expect(overlapping(lr)).toEqual([]);
    expect(overlapping(tb)).toEqual([]);
  });

  it('still places every step of a graph with a loop (a plan being edited may hold one)', () => {
    const loop: PlanGraph = { ...chain, steps: chain.steps.map((step) => (step.id === 'a' ? { ...step, dependsOn: ['c'] } : step)) };
    const positions = layeredLayout(layoutRequestOf(loop, 'LR'));
    expect(Object.keys(positions).sort()).toEqual(['a', 'b', 'c', 'side']);
    expect(overlapping(positions)).toEqual([]);
  });

  it('lays out 1,000 steps well under a second and 10,000 in a few, without overlaps', () => {
    const thousand = layoutRequestOf(layered(1000), 'LR');
    let started = performance.now();
    const positions = layeredLayout(thousand);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(Object.keys(positions)).toHaveLength(1000);
    expect(overlapping(positions)).toEqual([]);
    const tenThousand = layoutRequestOf(layered(10_000), 'LR');
    started = performance.now();
    expect(Object.keys(layeredLayout(tenThousand))).toHaveLength(10_000);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('keeps rows in order and apart while staying close to where they want to be', () => {
    expect(spacedClosest([0, 0, 0], 10)).toEqual([-10, 0, 10]);
    expect(spacedClosest([0, 100, 105], 10)).toEqual([0, 97.5, 107.5]);
  });

  it('tidy keeps steps placed by hand and moves the others aside from them', () => {
    const full = layeredLayout(layoutRequestOf(chain, 'LR'));
    const current = { ...full, b: { x: 2000, y: 900 } };
    const placed = tidyPositions(full, current, new Set(['b']), 'LR');
    expect(placed.b).toBeUndefined();
    expect(Object.keys(placed).sort()).toEqual(['a', 'c', 'side']);
    expect(overlapping({ ...placed, b: current.b })).toEqual([]);
    // Sitting on a kept step is not allowed: the other moves.
    const crowded = tidyPositions({ a: { x: 0, y: 0 }, b: { x: 0, y: 0 } }, { a: { x: 0, y: 0 } }, new Set(['a']), 'LR');
    expect(crowded.b!.y).toBeGreaterThanOrEqual(stepNodeSize.height);
  });
});
