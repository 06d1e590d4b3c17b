import { z } from 'zod';

/** A step id: letters, digits, `_` and `-`, starting with a letter; used in `{{steps.ID...}}` references. */
export const StepId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a step id starts with a letter and holds only letters, digits, "_" and "-"');

/** `forEach` holds exactly one reference to an upstream step's output. */
export const FOR_EACH = /^\{\{\s*steps\.([A-Za-z][A-Za-z0-9_-]*)\.output(?:\.[^{}\s]+)?\s*\}\}$/;

/** How many items a map step takes when it does not say. */
export const DEFAULT_MAX_ITEMS = 1000;

/** The step a map step's `forEach` reads its list from, or null for a plain step. */
export function forEachSource(step: { forEach?: string | undefined }): string | null {
  if (!step.forEach) return null;
  return FOR_EACH.exec(step.forEach)?.[1] ?? null;
}

/** When a step needs a person's approval before it runs. `auto` follows the agent's risk. */
export const ApprovalPolicy = z.enum(['auto', 'always', 'never']);

/** How a failing step is retried. */
export const RetryPolicy = z.object({
  maxAttempts: z.number().int().min(1).max(20),
  backoffMs: z.number().int().min(0).max(600_000).optional(),
});

/** What happens when a step still fails after its retries: the run fails that branch, or the step succeeds with a default value. */
export const OnError = z.discriminatedUnion('action', [
  z.object({ action: z.literal('fail') }),
  z.object({ action: z.literal('default'), value: z.unknown() }),
]);
export type OnError = z.infer<typeof OnError>;

/** One step of a plan: an agent, its input, and the steps it waits for. */
export const Step = z.object({
  id: StepId,
  title: z.string().min(1).max(200),
  agent: z.string().min(1).max(100),
  input: z.record(z.string(), z.unknown()).default({}),
  dependsOn: z.array(StepId).default([]),
  approval: ApprovalPolicy.optional(),
  retry: RetryPolicy.optional(),
  timeoutMs: z.number().int().min(1).max(86_400_000).optional(),
  cache: z.boolean().optional(),
  resources: z.array(z.string().min(1).max(200)).optional(),
  onError: OnError.optional(),
  /**
   * A map step: the step runs once per element of an upstream list, `{{steps.ID.output.PATH}}`.
   * Inside its input `{{item}}`, `{{item.FIELD}}` and `{{index}}` name the current element; its
   * output is the list of per-item outputs, in input order.
   */
  forEach: z
    .string()
    .regex(FOR_EACH, 'forEach is one reference to an upstream list, like {{steps.ID.output.PATH}}')
    .optional(),
  /** Most items of this map step running at once (the run's limits still apply). */
  concurrency: z.number().int().min(1).max(256).optional(),
  /** A guard: a longer list fails the step before any item runs. Default {@link DEFAULT_MAX_ITEMS}. */
  maxItems: z.number().int().min(1).max(100_000).optional(),
  /** fail: the map step fails if any item fails; collect: failed items are marked in the output and the rest go on. */
  onItemError: z.enum(['fail', 'collect']).optional(),
});
export type Step = z.infer<typeof Step>;
export type StepInput = z.input<typeof Step>;

/** A position on the canvas. */
export const Position = z.object({ x: z.number().finite(), y: z.number().finite() });
export type Position = z.infer<typeof Position>;

/** The graph of a plan version: its steps (edges are `dependsOn`) and where each sits on the canvas. */
export const PlanGraph = z.object({
  steps: z.array(Step).max(10_000),
  layout: z.record(z.string(), Position).default({}),
});
export type PlanGraph = z.infer<typeof PlanGraph>;
export type PlanGraphInput = z.input<typeof PlanGraph>;

/** The public plan file (docs/plan-format.md), version 1. */
export const PlanFile = z.object({
  version: z.literal(1),
  title: z.string().min(1).max(200),
  request: z.string().max(20_000).optional(),
  steps: z.array(Step).max(10_000),
  layout: z.record(z.string(), Position).optional(),
});
export type PlanFile = z.infer<typeof PlanFile>;
