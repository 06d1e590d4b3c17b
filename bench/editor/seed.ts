import type { PlanGraph, TizmorClient } from '../../engine/api';

/** `count` steps in layers of ten, each waiting for two steps of the layer before; placed in a grid when `placed`. */
export function layeredGraph(count: number, placed: boolean): PlanGraph {
  const steps: PlanGraph['steps'] = [];
  const layout: PlanGraph['layout'] = {};
  for (let index = 0; index < count; index++) {
    const layer = Math.floor(index / 10);
    const dependsOn = layer === 0 ? [] : [`s${(layer - 1) * 10 + (index % 10)}`, `s${(layer - 1) * 10 + ((index + 1) % 10)}`];
    steps.push({ id: `s${index}`, title: `Step ${index}`, agent: 'template', input: { template: `part ${index}` }, dependsOn });
    if (placed) layout[`s${index}`] = { x: layer * 300, y: (index % 10) * 112 };
  }
  return { steps, layout };
}

/** The same graph with one step in ten edited and one in seven moved. */
export function editedGraph(graph: PlanGraph): PlanGraph {
  return {
    steps: graph.steps.map((step, index) => (index % 10 === 0 ? { ...step, input: { template: `changed ${index}` } } : step)),
    layout: Object.fromEntries(
      Object.entries(graph.layout).map(([id, position], index) => [id, index % 7 === 0 ? { x: position.x + 40, y: position.y } : position]),
    ),
  };
}

export interface SeededPlans {
  workspaceId: string;
  /** 1,000 placed steps, versions 1 and 2 (10% edited). */
  thousand: string;
  /** 10,000 steps with no layout: the editor lays them out on arrival. */
  tenThousand: string;
}

export async function seedPlans(client: TizmorClient): Promise<SeededPlans> {
  const { defaultWorkspaceId: workspaceId } = await client.system.status({});
  const thousandGraph = layeredGraph(1000, true);
  const thousand = await client.plans.create({ workspaceId, title: 'Bench 1,000', graph: thousandGraph, message: 'v1' });
  await client.plans.saveVersion({ workspaceId, planId: thousand.plan.id, graph: editedGraph(thousandGraph), message: 'v2' });
  const tenThousand = await client.plans.create({ workspaceId, title: 'Bench 10,000', graph: layeredGraph(10_000, false), message: 'v1' });
  return { workspaceId, thousand: thousand.plan.id, tenThousand: tenThousand.plan.id };
}
