import { FOR_EACH, forEachSource, type AgentDescriptor, type PlanGraph, type Step } from '../api/contract';
import { upstreamOf } from './graph-edit';
import type { FieldPath } from './inspector/form-model';

/**
 * Map steps in the editor (docs/plan-format.md): a step with `forEach` runs once per element of an
 * upstream list, and inside its input `{{item}}`, `{{item.FIELD}}` and `{{index}}` name the element.
 * Pure and DOM-free.
 */

/** `{{item}}`, `{{item.FIELD}}` or `{{index}}` anywhere in a text. */
const ITEM_REFERENCE = /\{\{\s*(?:item(?:\.[^{}\s]+?)?|index)\s*\}\}/;

export function isMapStep(step: Pick<Step, 'forEach'>): boolean {
  return step.forEach !== undefined;
}

/** Whether a text is a `forEach` the plan format accepts: one `{{steps.ID.output…}}` reference and nothing else. */
export function isForEachText(text: string): boolean {
  return FOR_EACH.test(text.trim());
}

/** What is wrong with a step's `forEach`, as the editor can tell at once (the linter says it too, a moment later). */
export type ForEachIssue = 'format' | 'unknownStep' | 'notUpstream';

export function forEachIssue(graph: PlanGraph, step: Step): ForEachIssue | null {
  if (step.forEach === undefined) return null;
  const source = forEachSource(step);
  if (!source) return 'format';
  if (!graph.steps.some((candidate) => candidate.id === source)) return 'unknownStep';
  return upstreamOf(graph, step.id).has(source) ? null : 'notUpstream';
}

/** Where an input uses `{{item…}}` or `{{index}}`: only a map step may. */
export function itemReferencePaths(value: unknown, path: FieldPath = []): FieldPath[] {
  if (typeof value === 'string') return ITEM_REFERENCE.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => itemReferencePaths(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => itemReferencePaths(item, [...path, key]));
  }
  return [];
}

type JsonSchema = { type?: unknown; properties?: Record<string, JsonSchema>; items?: JsonSchema; description?: unknown };

const asSchema = (value: unknown): JsonSchema | undefined => (value !== null && typeof value === 'object' ? (value as JsonSchema) : undefined);

/** The schema of a step's whole output: a map step's output is the list of its items' outputs. */
function outputSchemaOf(step: Step, agents: ReadonlyMap<string, AgentDescriptor>): JsonSchema | undefined {
  const schema = asSchema(agents.get(step.agent)?.outputSchema);
  if (!isMapStep(step)) return schema;
  return { type: 'array', ...(schema ? { items: schema } : {}) };
}

/** The schema at `path` (dot-separated property names) inside `schema`, where the schema says. */
function schemaAt(schema: JsonSchema | undefined, path: string[]): JsonSchema | undefined {
  let node = schema;
  for (const key of path) {
    node = node?.properties?.[key];
    if (!node) return undefined;
  }
  return node;
}

/** A list a map step may go over: an upstream step's output, or one field of it. */
export interface ListOption {
  stepId: string;
  /** `null` for the whole output. */
  field: string | null;
  expression: string;
  /** True when the schema says it is a list; false when it does not say (the person may add a path). */
  isList: boolean;
  description?: string;
}

/**
 * The lists `stepId` may go over, nearest upstream step first: outputs and top-level output fields
 * that the agent's schema declares as arrays, and those of no declared type (which may hold one).
 */
export function forEachOptions(
  graph: PlanGraph,
  stepId: string,
  agents: ReadonlyMap<string, AgentDescriptor>,
): { stepId: string; title: string; options: ListOption[] }[] {
  const upstream = upstreamOf(graph, stepId);
  return graph.steps
    .filter((step) => upstream.has(step.id))
    .reverse()
    .map((step) => {
      const schema = outputSchemaOf(step, agents);
      const options: ListOption[] = [];
      const whole = `{{steps.${step.id}.output}}`;
      if (schema?.type === 'array') options.push({ stepId: step.id, field: null, expression: whole, isList: true });
      else if (!schema) options.push({ stepId: step.id, field: null, expression: whole, isList: false });
      if (schema?.type !== 'array') {
        for (const [name, property] of Object.entries(schema?.properties ?? {})) {
          if (property.type !== 'array' && property.type !== undefined) continue;
          options.push({
            stepId: step.id,
            field: name,
            expression: `{{steps.${step.id}.output.${name}}}`,
            isList: property.type === 'array',
            ...(typeof property.description === 'string' ? { description: property.description } : {}),
          });
        }
      }
      return { stepId: step.id, title: step.title, options };
    })
    .filter((group) => group.options.length > 0);
}

/** A reference to the current element of a map step: `{{item}}`, `{{item.FIELD}}` or `{{index}}`. */
export interface ItemOption {
  /** `item`, `index`, or `item.FIELD`. */
  name: string;
  expression: string;
  description?: string;
}

/**
 * What the input of a map step may say about its current element: the element, its index, and the
 * element's fields where the list's schema names them. Nothing for a plain step.
 */
export function itemOptions(graph: PlanGraph, step: Step, agents: ReadonlyMap<string, AgentDescriptor>): ItemOption[] {
  if (!isMapStep(step)) return [];
  const options: ItemOption[] = [
    { name: 'item', expression: '{{item}}' },
    { name: 'index', expression: '{{index}}' },
  ];
  const sourceId = forEachSource(step);
  const source = graph.steps.find((candidate) => candidate.id === sourceId);
  const path = step.forEach ? (/\.output((?:\.[^{}\s]+)?)\s*\}\}$/.exec(step.forEach)?.[1] ?? '') : '';
  const list = source ? schemaAt(outputSchemaOf(source, agents), path.split('.').filter(Boolean)) : undefined;
  for (const [name, property] of Object.entries(list?.items?.properties ?? {})) {
    options.push({
      name: `item.${name}`,
      expression: `{{item.${name}}}`,
      ...(typeof property.description === 'string' ? { description: property.description } : {}),
    });
  }
  return options;
}

/** The map fields of a step, removed together when it stops being a map step. */
export const mapFields = ['forEach', 'concurrency', 'maxItems', 'onItemError'] as const;
