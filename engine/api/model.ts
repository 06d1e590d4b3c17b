import { z } from 'zod';
import { PlanGraph } from './plan-file';

/** An id made by the engine (UUID-like, opaque to callers). */
export const Id = z.string().min(1).max(100);

/** ISO-8601 time stamp. */
export const Timestamp = z.string();

/** A workspace owns every plan, version, run and setting; no query reads across workspaces. */
export const Workspace = z.object({
  id: Id,
  name: z.string(),
  isDefault: z.boolean(),
  createdAt: Timestamp,
});
export type Workspace = z.infer<typeof Workspace>;

/** Who made a plan version. */
export const VersionAuthor = z.enum(['planner', 'user', 'replanner']);
export type VersionAuthor = z.infer<typeof VersionAuthor>;

/** A plan: a request and its line of immutable versions. */
export const Plan = z.object({
  id: Id,
  workspaceId: Id,
  title: z.string(),
  request: z.string().nullable(),
  headVersion: z.number().int().min(1),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Plan = z.infer<typeof Plan>;

/** A plan in a list: the plan and the size of its head graph. */
export const PlanSummary = Plan.extend({ stepCount: z.number().int().min(0) });
export type PlanSummary = z.infer<typeof PlanSummary>;

/** A version without its graph, as listed in history. */
export const VersionSummary = z.object({
  id: Id,
  planId: Id,
  number: z.number().int().min(1),
  parentId: Id.nullable(),
  author: VersionAuthor,
  message: z.string(),
  contentHash: z.string(),
  stepCount: z.number().int().min(0),
  createdAt: Timestamp,
});
export type VersionSummary = z.infer<typeof VersionSummary>;

/** An immutable version of a plan, graph included. */
export const PlanVersion = VersionSummary.extend({ graph: PlanGraph });
export type PlanVersion = z.infer<typeof PlanVersion>;

/** A plan with one of its versions (the head unless another was asked for). */
export const PlanWithVersion = z.object({ plan: Plan, version: PlanVersion });
export type PlanWithVersion = z.infer<typeof PlanWithVersion>;

/** One problem found by validation, pointing at the step it concerns. */
export const Problem = z.object({
  code: z.enum([
    'duplicate_id',
    'missing_dependency',
    'self_dependency',
    'cycle',
    'dangling_layout',
    'schema',
    'unknown_agent',
    'input_schema',
    'bad_reference',
    'needs_model',
    'bad_for_each',
  ]),
  message: z.string(),
  stepId: z.string().optional(),
  path: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

/** The result of validating a graph or a plan file. */
export const ValidationResult = z.object({ ok: z.boolean(), problems: z.array(Problem) });
export type ValidationResult = z.infer<typeof ValidationResult>;

/** Which host serves the contract. */
export const HostKind = z.enum(['electron', 'server', 'cli', 'test']);

/** The state of the host and its store. */
export const SystemStatus = z.object({
  appVersion: z.string(),
  host: HostKind,
  schemaVersion: z.number().int(),
  dataDir: z.string().nullable(),
  defaultWorkspaceId: Id,
  startedAt: Timestamp,
});
export type SystemStatus = z.infer<typeof SystemStatus>;

/** A workspace setting value: any JSON. */
export const SettingValue = z.json();
