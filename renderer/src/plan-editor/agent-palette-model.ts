import type { AgentDescriptor, PlanGraph, Step } from '../api/contract';
import { freeStepId } from './clipboard';

/** The drag-and-drop type that carries an agent id from the palette to the canvas. */
export const agentDragType = 'application/x-tizmor-agent';

/** Agents whose name, id, capabilities or description hold every word of `query`. */
export function filterAgents(agents: readonly AgentDescriptor[], query: string): AgentDescriptor[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...agents];
  return agents.filter((agent) => {
    const text = [agent.name, agent.id, ...agent.capabilities, agent.description].join(' ').toLocaleLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** A step for an agent: its id from the agent's last word (`files.search` → `search`, `search-2`…), titled by its name. */
export function newStepFor(agentId: string, agent: AgentDescriptor | undefined, graph: PlanGraph): Pick<Step, 'id' | 'title' | 'agent'> {
  const taken = new Set(graph.steps.map((step) => step.id));
  const word = (agentId.split('.').pop() ?? 'step').replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z]+/, '') || 'step';
  let id = word.slice(0, 60);
  for (let number = 2; taken.has(id); number++) id = `${word.slice(0, 56)}-${number}`;
  return { id: freeStepId(id, taken), title: agent?.name ?? agentId, agent: agentId };
}
