import type { AgentDescriptor, PlanGraph } from '../../api/contract';
import { upstreamOf } from '../graph-edit';
import { forEachOptions, itemOptions } from '../map-step';

/** One reference a step may use: an upstream step's whole output or one field of it, or (in a map step) its current item. */
export interface ReferenceOption {
  /** The step referred to; empty for `{{item…}}` and `{{index}}`. */
  stepId: string;
  field: string | null;
  expression: string;
  /** What the menu shows: `output`, `output.text`, `item`, `index`, `item.name`. */
  label: string;
  /** A stable test id suffix. */
  key: string;
  description?: string;
}

/** A group of the menu: one upstream step, or the current item of a map step. */
export interface ReferenceGroup {
  stepId: string;
  title: string;
  /** True for the group of `{{item}}` / `{{index}}`. */
  item?: boolean;
  options: ReferenceOption[];
}

/** The top-level fields of an agent's output schema, where the catalog knows them. */
function outputFields(agent: AgentDescriptor | undefined): { name: string; description?: string }[] {
  const schema = agent?.outputSchema as { properties?: Record<string, { description?: unknown }> } | undefined;
  return Object.entries(schema?.properties ?? {}).map(([name, property]) => ({
    name,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

/**
 * What `stepId` may refer to: in a map step its current item first, then only steps upstream of
 * it, nearest first.
 */
export function referenceOptions(graph: PlanGraph, stepId: string, agents: ReadonlyMap<string, AgentDescriptor>): ReferenceGroup[] {
  const upstream = upstreamOf(graph, stepId);
  const self = graph.steps.find((step) => step.id === stepId);
  const items = self ? itemOptions(graph, self, agents) : [];
  const groups: ReferenceGroup[] = graph.steps
    .filter((step) => upstream.has(step.id))
    .reverse()
    .map((step) => ({
      stepId: step.id,
      title: step.title,
      options: [
        { stepId: step.id, field: null, expression: `{{steps.${step.id}.output}}`, label: 'output', key: `${step.id}-output` },
        ...outputFields(agents.get(step.agent)).map((field) => ({
          stepId: step.id,
          field: field.name,
          expression: `{{steps.${step.id}.output.${field.name}}}`,
          label: `output.${field.name}`,
          key: `${step.id}-${field.name}`,
          ...(field.description ? { description: field.description } : {}),
        })),
      ],
    }));
  if (items.length === 0) return groups;
  const item: ReferenceGroup = {
    stepId: '',
    title: '',
    item: true,
    options: items.map((option) => ({
      stepId: '',
      field: option.name,
      expression: option.expression,
      label: option.name,
      key: option.name.replace('.', '-'),
      ...(option.description ? { description: option.description } : {}),
    })),
  };
  return [item, ...groups];
}

/** The lists a map step may go over, as menu groups. */
export function listReferenceOptions(graph: PlanGraph, stepId: string, agents: ReadonlyMap<string, AgentDescriptor>): ReferenceGroup[] {
  return forEachOptions(graph, stepId, agents).map((group) => ({
    stepId: group.stepId,
    title: group.title,
    options: group.options.map((option) => ({
      stepId: option.stepId,
      field: option.field,
      expression: option.expression,
      label: option.field === null ? 'output' : `output.${option.field}`,
      key: `${option.stepId}-${option.field ?? 'output'}`,
      ...(option.description ? { description: option.description } : {}),
    })),
  }));
}
