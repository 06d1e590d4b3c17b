import { z } from 'zod';
import { Step, describeIssues, type AgentDescriptor, type PlanGraph } from '../api';
import type { AgentRegistry } from '../agents/registry';
import { lintPlan } from '../plan/lint-plan';

/** Most steps a generated plan may have; a longer answer is sent back as too long. */
export const MAX_GENERATED_STEPS = 40;
/** Longest text in a generated step's input. */
export const MAX_INPUT_TEXT = 8000;

/** What a model (or the offline planner) answers: a title, the steps, and what it could not do. */
export const PlanDraft = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  notes: z.array(z.string().max(1000)).max(20).optional(),
  steps: z.array(Step).min(1, 'the plan has no steps').max(MAX_GENERATED_STEPS, `a plan has at most ${MAX_GENERATED_STEPS} steps`),
});
export type PlanDraft = z.infer<typeof PlanDraft>;

/** A step as the plan.generating event carries it: id, title and agent known, the rest as far as written. */
export const PartialStep = Step.partial({ input: true, dependsOn: true });
export type PartialStep = z.infer<typeof PartialStep>;

/** The JSON Schema models are asked to answer with (Gemini structured output; shown to OpenAI-compatible models). */
export function draftJsonSchema(catalog: readonly AgentDescriptor[]): unknown {
  return {
    type: 'object',
    properties: {
      title: { type: 'string', description: 'A short title for the plan, in the language of the request.' },
      notes: { type: 'array', items: { type: 'string' }, description: 'What the request asks that no agent in the catalog can do.' },
      steps: {
        type: 'array',
        maxItems: MAX_GENERATED_STEPS,
        items: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'Unique; letters, digits, "_" and "-", starting with a letter.' },
            title: { type: 'string' },
            agent: { type: 'string', enum: catalog.map((agent) => agent.id) },
            dependsOn: { type: 'array', items: { type: 'string' } },
            input: { type: 'object', additionalProperties: true, description: "Matches the agent's input schema." },
            approval: { type: 'string', enum: ['auto', 'always', 'never'] },
            forEach: {
              type: 'string',
              description: 'Map step only: "{{steps.ID.output.PATH}}", an upstream list; the step runs once per element, {{item}} and {{index}} in its input.',
            },
            concurrency: { type: 'integer', minimum: 1, maximum: 256, description: 'Map step only: most items at once.' },
            maxItems: { type: 'integer', minimum: 1, maximum: 100000, description: 'Map step only: refuse longer lists (default 1000).' },
            onItemError: { type: 'string', enum: ['fail', 'collect'], description: 'Map step only: fail on the first failed item, or mark it and go on.' },
          },
          required: ['id', 'title', 'agent', 'dependsOn', 'input'],
          propertyOrdering: ['id', 'title', 'agent', 'dependsOn', 'forEach', 'input', 'approval', 'concurrency', 'maxItems', 'onItemError'],
        },
      },
    },
    required: ['title', 'steps'],
    propertyOrdering: ['title', 'notes', 'steps'],
  };
}

/** Accepts the shapes models drift into: a bare list of steps, or the plan wrapped in `{"plan": …}`. */
function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return { steps: value };
  if (value !== null && typeof value === 'object' && !('steps' in value)) {
    const inner = (value as Record<string, unknown>).plan;
    if (inner !== null && typeof inner === 'object') return unwrap(inner);
  }
  return value;
}

function longTexts(value: unknown, path: string, found: string[]): void {
  if (typeof value === 'string') {
    if (value.length > MAX_INPUT_TEXT) found.push(`${path} is ${value.length} characters long; keep inputs under ${MAX_INPUT_TEXT}.`);
  } else if (Array.isArray(value)) value.forEach((item, index) => longTexts(item, `${path}[${index}]`, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) longTexts(item, `${path}.${key}`, found);
  }
}

export type DraftCheck = { ok: true; draft: PlanDraft; graph: PlanGraph } | { ok: false; problems: string[] };

/**
 * Everything a generated plan must pass before anyone sees it as a plan: the plan schema, size limits,
 * agents from the catalog the planner was shown, and the engine's own lint (input schemas, upstream-only
 * references, cycles). Each problem is a sentence the model can act on.
 */
export function checkDraft(value: unknown, catalog: readonly AgentDescriptor[], registry: AgentRegistry): DraftCheck {
  const parsed = PlanDraft.safeParse(unwrap(value));
  if (!parsed.success) {
    return { ok: false, problems: describeIssues(parsed.error).map((issue) => `${issue.path}: ${issue.message}`) };
  }
  const draft = parsed.data;
  const problems: string[] = [];
  const shown = new Set(catalog.map((agent) => agent.id));
  for (const step of draft.steps) {
    if (registry.get(step.agent) && !shown.has(step.agent)) {
      problems.push(`Step "${step.id}" uses the agent "${step.agent}", which is not in the catalog. Use only: ${[...shown].join(', ')}.`);
    }
    longTexts(step.input, `Step "${step.id}" input`, problems);
  }
  const graph: PlanGraph = { steps: draft.steps, layout: {} };
  problems.push(...lintPlan(graph, registry).map((problem) => problem.message));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, draft, graph };
}

/** The steps of a streamed answer that are written to the end, for the canvas to show as they arrive. */
export function partialSteps(value: unknown, incomplete: WeakSet<object>): PartialStep[] {
  const root = unwrap(value);
  if (root === null || typeof root !== 'object') return [];
  const steps = (root as Record<string, unknown>).steps;
  if (!Array.isArray(steps)) return [];
  const shown: PartialStep[] = [];
  for (const item of steps) {
    if (item === null || typeof item !== 'object' || incomplete.has(item)) continue;
    const parsed = PartialStep.safeParse(item);
    if (parsed.success) shown.push(parsed.data);
  }
  return shown;
}
