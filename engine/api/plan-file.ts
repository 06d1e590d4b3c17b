import { z } from 'zod';

/** A step id: letters, digits, `_` and `-`, starting with a letter; used in `{{steps.ID...}}` references. */
export const StepId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a step id starts with a letter and holds only letters, digits, "_" and "-"');

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
