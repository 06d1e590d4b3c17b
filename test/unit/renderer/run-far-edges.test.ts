import { describe, expect, it } from 'vitest';
import type { PlanGraph } from '../../../engine/api';
import { farEdgesPath } from '../../../renderer/src/runs/far-edges';
import { runNodeSize } from '../../../renderer/src/runs/run-layout';

const graph: PlanGraph = {
  steps: [
    { id: 'a', title: 'A', agent: 'sim', input: {}, dependsOn: [] },
    { id: 'b', title: 'B', agent: 'sim', input: {}, dependsOn: ['a', 'gone'] },
    { id: 'c', title: 'C', agent: 'sim', input: {}, dependsOn: ['a', 'b'] },
  ],
  layout: {},
};
const positions = { a: { x: 0, y: 0 }, b: { x: 300, y: 0 }, c: { x: 600, y: 100 } };
const middle = runNodeSize.height / 2;

/** The start and end point of each curve of a path. */
function ends(path: string): { from: [number, number]; to: [number, number] }[] {
  return [...path.matchAll(/M([-\d.]+),([-\d.]+) C[^M]*?([-\d.]+),([-\d.]+)(?=\s*(M|$))/g)].map((match) => ({
    from: [Number(match[1]), Number(match[2])],
    to: [Number(match[3]), Number(match[4])],
  }));
}

describe('the links of a run drawn far out', () => {
  it('draws one curve per link to a known step, from the right side of the source to the left side of the target', () => {
    const curves = ends(farEdgesPath(graph, positions, 'ltr'));
    expect(curves).toHaveLength(3);
    expect(curves[0]).toEqual({ from: [runNodeSize.width + 4, middle], to: [296, middle] });
    expect(curves[2]).toEqual({ from: [300 + runNodeSize.width + 4, middle], to: [596, 100 + middle] });
  });

  it('mirrors them right to left, like the nodes', () => {
    const curves = ends(farEdgesPath(graph, positions, 'rtl'));
    expect(curves).toHaveLength(3);
    // a is drawn at x = -220 and b at -520: the link leaves a's left side for b's right side.
    expect(curves[0]).toEqual({ from: [-runNodeSize.width - 4, middle], to: [-300 + 4, middle] });
  });
});
