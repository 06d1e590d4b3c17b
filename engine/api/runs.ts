import { z } from 'zod';
import { Id, Timestamp } from './model';

/** The life of a run. */
export const RunStatus = z.enum(['queued', 'running', 'paused', 'waiting_approval', 'completed', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatus>;
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

/** The life of one step within a run. */
export const StepStatus = z.enum(['pending', 'ready', 'running', 'waiting_approval', 'succeeded', 'failed', 'skipped', 'cancelled']);
export type StepStatus = z.infer<typeof StepStatus>;
export const TERMINAL_STEP_STATUSES: readonly StepStatus[] = ['succeeded', 'failed', 'skipped', 'cancelled'];

/** How a run was started. */
export const RunTrigger = z.enum(['manual', 'cli', 'schedule', 'webhook', 'rerun']);

/** Per-run choices. */
export const RunOptions = z.object({
  /** Every agent replaced by its simulator: structure, limits and approvals kept. */
  simulate: z.boolean().default(false),
  /** Approve every gate (CLI `--yes`); each is still recorded. */
  autoApprove: z.boolean().default(false),
  /** Most steps running at once. */
  concurrency: z.number().int().min(1).max(256).default(8),
  /** Most steps of one agent running at once, by agent id. */
  agentConcurrency: z.record(z.string(), z.number().int().min(1).max(256)).default({}),
  /** Token buckets by key (`agent:<id>` or `provider:<name>`). */
  rateLimits: z
    .record(z.string(), z.object({ requestsPerMinute: z.number().positive().optional(), tokensPerMinute: z.number().positive().optional() }))
    .default({}),
  /** Hosts `http.request` may reach in this run, besides the workspace's allow-list. */
  allowHosts: z.array(z.string().min(1).max(300)).default([]),
});
export type RunOptions = z.infer<typeof RunOptions>;

/** Options a caller sets for one run; unset ones come from the workspace's `run.defaults`, then the defaults above. */
export const RunOptionsPatch = z.object({
  simulate: z.boolean().optional(),
  autoApprove: z.boolean().optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  agentConcurrency: z.record(z.string(), z.number().int().min(1).max(256)).optional(),
  rateLimits: z
    .record(z.string(), z.object({ requestsPerMinute: z.number().positive().optional(), tokensPerMinute: z.number().positive().optional() }))
    .optional(),
  allowHosts: z.array(z.string().min(1).max(300)).optional(),
});
export type RunOptionsInput = z.input<typeof RunOptions>;

export const RunSummary = z.object({
  id: Id,
  workspaceId: Id,
  planId: Id.nullable(),
  planVersion: z.number().int().nullable(),
  title: z.string(),
  status: RunStatus,
  trigger: RunTrigger,
  simulate: z.boolean(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
  error: z.string().nullable(),
  stepCounts: z.record(StepStatus, z.number().int()),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const StepRun = z.object({
  stepId: z.string(),
  agentId: z.string(),
  status: StepStatus,
  attempt: z.number().int().min(0),
  input: z.unknown().nullable(),
  output: z.unknown().nullable(),
  error: z.string().nullable(),
  cacheHit: z.boolean(),
  startedAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
  tokens: z.number().int().min(0),
  costUsd: z.number().min(0),
  waitingReason: z.string().nullable(),
});
export type StepRun = z.infer<typeof StepRun>;

/** A step's record before it ever ran (a step that has not run yet has no stored row; this is its record). */
export function pendingStepRun(stepId: string, agentId: string): StepRun {
  return {
    stepId,
    agentId,
    status: 'pending',
    attempt: 0,
    input: null,
    output: null,
    error: null,
    cacheHit: false,
    startedAt: null,
    endedAt: null,
    tokens: 0,
    costUsd: 0,
    waitingReason: null,
  };
}

/** An item of a map step runs as a child step with the id `STEP[INDEX]` (step ids never hold brackets). */
export function itemStepId(stepId: string, index: number): string {
  return `${stepId}[${index}]`;
}

const ITEM_STEP_ID = /^([A-Za-z][A-Za-z0-9_-]*)\[(\d+)\]$/;

/** The map step and index of an item's id, or null for a plain step id. */
export function parseItemStepId(id: string): { stepId: string; index: number } | null {
  const match = ITEM_STEP_ID.exec(id);
  return match ? { stepId: match[1] as string, index: Number(match[2]) } : null;
}

/** In the output of a map step whose failures are collected, a failed item's place holds this. */
export const MapItemFailure = z.object({ failed: z.literal(true), index: z.number().int().min(0), error: z.string() });
export type MapItemFailure = z.infer<typeof MapItemFailure>;

export const RunDetail = z.object({
  run: RunSummary,
  steps: z.array(StepRun),
  /** The items of each map step that got to run, by map step id, in index order. */
  items: z.record(z.string(), z.array(StepRun)).default({}),
  context: z.record(z.string(), z.unknown()),
  messages: z.array(z.object({ from: z.string(), to: z.string(), body: z.unknown(), at: Timestamp })),
});
export type RunDetail = z.infer<typeof RunDetail>;

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export const LogLine = z.object({
  seq: z.number().int(),
  at: Timestamp,
  stepId: z.string().nullable(),
  level: LogLevel,
  message: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;

/** One entry of a run's append-only event log. */
export const RunEventRecord = z.object({
  seq: z.number().int(),
  at: Timestamp,
  type: z.string(),
  stepId: z.string().nullable(),
  attempt: z.number().int().nullable(),
  payload: z.unknown(),
});
export type RunEventRecord = z.infer<typeof RunEventRecord>;

/** A trace span: the run, a step, or one attempt of a step. */
export const Span = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  stepId: z.string().nullable(),
  attempt: z.number().int().nullable(),
  start: Timestamp,
  end: Timestamp.nullable(),
  status: z.enum(['ok', 'error', 'cancelled', 'open']),
  attributes: z.record(z.string(), z.unknown()),
});
export type Span = z.infer<typeof Span>;

export const StepMetrics = z.object({
  stepId: z.string(),
  agentId: z.string(),
  status: StepStatus,
  attempts: z.number().int(),
  durationMs: z.number().nullable(),
  tokens: z.number().int(),
  costUsd: z.number(),
  cacheHit: z.boolean(),
});
export const RunMetrics = z.object({
  runId: Id,
  durationMs: z.number().nullable(),
  steps: z.array(StepMetrics),
  totals: z.object({
    steps: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    attempts: z.number().int(),
    retries: z.number().int(),
    cacheHits: z.number().int(),
    tokens: z.number().int(),
    costUsd: z.number(),
  }),
});
export type RunMetrics = z.infer<typeof RunMetrics>;

/** A request for a person's decision before a step runs. */
export const Approval = z.object({
  id: Id,
  workspaceId: Id,
  runId: Id,
  stepId: z.string(),
  /** policy: a risky step; interrupted: a step a crash cut off; question: a `human.ask` step waiting for an answer. */
  kind: z.enum(['policy', 'interrupted', 'question']),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'skipped']),
  input: z.unknown().nullable(),
  requestedAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  decidedBy: z.string().nullable(),
  comment: z.string().nullable(),
  editedInput: z.unknown().nullable(),
});
export type Approval = z.infer<typeof Approval>;

export const AgentDescriptor = z.object({
  id: z.string(),
  version: z.string(),
  name: z.string(),
  description: z.string(),
  capabilities: z.array(z.string()),
  risk: z.enum(['read', 'write', 'external']),
  idempotent: z.boolean(),
  inputSchema: z.unknown(),
  outputSchema: z.unknown(),
});
export type AgentDescriptor = z.infer<typeof AgentDescriptor>;
