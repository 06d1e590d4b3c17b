import { z } from 'zod';
import { Id, PlanWithVersion } from './model';
import { Position, Step } from './plan-file';

/** Where plans come from: a model behind an API, or the offline planner that needs no network. */
export const PlannerProvider = z.enum(['offline', 'gemini', 'openai']);
export type PlannerProvider = z.infer<typeof PlannerProvider>;

/** A generated plan: version 1 (or a new version when replanning), with what the person should know. */
export const GeneratedPlan = PlanWithVersion.extend({
  provider: PlannerProvider,
  model: z.string().nullable(),
  /** e.g. "The model's plan was invalid twice; this is the offline planner's plan." */
  warnings: z.array(z.string()),
  tokens: z.number().int().min(0),
});
export type GeneratedPlan = z.infer<typeof GeneratedPlan>;

/** Why a connection test failed, sorted by what the person can do about it. */
export const ConnectionFault = z.enum(['auth', 'network', 'timeout', 'rate_limited', 'server', 'model', 'bad_request', 'config']);
export type ConnectionFault = z.infer<typeof ConnectionFault>;

/** The answer of `planner.testConnection`: whether a tiny request got an answer, how fast, and what to fix if not. */
export const ConnectionTest = z.object({
  ok: z.boolean(),
  provider: PlannerProvider,
  /** The model asked, or null for the offline planner. */
  model: z.string().nullable(),
  /** Time to the provider's answer (or failure); 0 for the offline planner. */
  latencyMs: z.number().int().min(0),
  /** One or two sentences for the person: what answered, or what went wrong and where to fix it. */
  message: z.string(),
  /** Set when `ok` is false. */
  fault: ConnectionFault.nullable(),
  /** The HTTP status of a refused request, when there was one. */
  status: z.number().int().nullable(),
});
export type ConnectionTest = z.infer<typeof ConnectionTest>;

/** Secrets the host keeps outside SQLite (Electron safeStorage, or environment variables). */
export const SecretName = z.enum(['gemini.apiKey', 'openai.apiKey']);
export type SecretName = z.infer<typeof SecretName>;

/** One field-level change of a step between two versions. */
export const FieldChange = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });

/** What changed between two versions of a plan. */
export const PlanDiff = z.object({
  planId: Id,
  from: z.number().int(),
  to: z.number().int(),
  stepsAdded: z.array(Step),
  stepsRemoved: z.array(Step),
  stepsChanged: z.array(z.object({ stepId: z.string(), changes: z.array(FieldChange) })),
  edgesAdded: z.array(z.object({ from: z.string(), to: z.string() })),
  edgesRemoved: z.array(z.object({ from: z.string(), to: z.string() })),
  /** Steps that only moved on the canvas. */
  moved: z.array(z.object({ stepId: z.string(), from: Position.nullable(), to: Position.nullable() })),
  summary: z.object({
    added: z.number().int(),
    removed: z.number().int(),
    changed: z.number().int(),
    moved: z.number().int(),
    edgesAdded: z.number().int(),
    edgesRemoved: z.number().int(),
  }),
});
export type PlanDiff = z.infer<typeof PlanDiff>;
