import { z } from 'zod';
import {
  Id,
  Plan,
  PlanSummary,
  PlanWithVersion,
  SettingValue,
  SystemStatus,
  ValidationResult,
  VersionAuthor,
  VersionSummary,
  PlanVersion,
  Workspace,
} from './model';
import { PlanGraph } from './plan-file';
import { ConnectionTest, GeneratedPlan, PlanDiff, PlannerProvider, SecretName } from './planning';
import { AgentDescriptor, Approval, LogLine, RunDetail, RunEventRecord, RunMetrics, RunOptionsPatch, RunStatus, RunSummary, Span } from './runs';
import { CatchUp, ScheduleInput, SchedulePreview, Trigger, TriggerFiring, TriggerKind, TriggerRunOptions, TriggerTarget, TriggerWithSecret, WebhookDelivery } from './triggers';

/** One method of the contract: the schema of what it takes and of what it returns. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for docs and the CLI. */
  summary: string;
}

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodSpec<I, O> {
  return { input, output, summary };
}

const InWorkspace = z.object({ workspaceId: Id });
const PlanRef = InWorkspace.extend({ planId: Id });
/** A 4 MB cap on a plan file's text, checked before parsing. */
const FileText = z.string().max(4 * 1024 * 1024, 'the plan file is larger than 4 MB');

/**
 * THE CONTRACT: every method every host serves, by name `group.verb`.
 * Transports (Electron IPC, WebSocket, direct calls) are generic over this table.
 */
export const methods = {
  'system.status': method(z.object({}).default({}), SystemStatus, 'The host, its data folder and schema version.'),

  'workspaces.list': method(z.object({}).default({}), z.array(Workspace), 'All workspaces, the default first.'),
  'workspaces.create': method(
    z.object({ name: z.string().trim().min(1).max(100) }),
    Workspace,
    'Create a workspace.',
  ),

  'plans.list': method(InWorkspace, z.array(PlanSummary), 'Plans of a workspace, most recently changed first.'),
  'plans.create': method(
    InWorkspace.extend({
      title: z.string().trim().min(1).max(200),
      request: z.string().max(20_000).optional(),
      graph: PlanGraph.optional(),
      message: z.string().max(2000).optional(),
    }),
    PlanWithVersion,
    'Create a plan with version 1 (empty unless a graph is given).',
  ),
  'plans.get': method(
    PlanRef.extend({ version: z.number().int().min(1).optional() }),
    PlanWithVersion,
    'A plan and one version (the head by default).',
  ),
  'plans.rename': method(PlanRef.extend({ title: z.string().trim().min(1).max(200) }), Plan, 'Rename a plan.'),
  'plans.delete': method(PlanRef, z.object({ deleted: z.literal(true) }), 'Delete a plan and all its versions.'),
  'plans.validate': method(
    InWorkspace.extend({ graph: z.unknown() }),
    ValidationResult,
    'Check a graph: schema, duplicate ids, missing dependencies, cycles.',
  ),
  'plans.saveVersion': method(
    PlanRef.extend({
      graph: PlanGraph,
      message: z.string().trim().min(1, 'a version needs a message').max(2000),
      author: VersionAuthor.default('user'),
      /** The head the caller edited; a different current head answers `conflict`. */
      baseVersion: z.number().int().min(1).optional(),
    }),
    PlanVersion,
    'Save a graph as a new immutable version; it becomes the head.',
  ),
  'plans.versions': method(PlanRef, z.array(VersionSummary), 'Every version of a plan, newest first.'),
  'plans.restore': method(
    PlanRef.extend({ version: z.number().int().min(1) }),
    PlanVersion,
    'Make a new head version equal to an older one (history stays append-only).',
  ),
  'plans.importFile': method(
    InWorkspace.extend({ content: FileText, fileName: z.string().max(500).optional() }),
    PlanWithVersion,
    'Create a plan from the text of a plan file.',
  ),
  'plans.exportFile': method(
    PlanRef.extend({ version: z.number().int().min(1).optional() }),
    z.object({ fileName: z.string(), content: z.string() }),
    'The text of a plan file for one version (the head by default).',
  ),

  'plans.generate': method(
    InWorkspace.extend({
      request: z.string().trim().min(1, 'say what the plan should do').max(20_000),
      provider: PlannerProvider.optional(),
      model: z.string().max(200).optional(),
      /** Replanning: the version to change and what to change. */
      basePlanVersionId: Id.optional(),
      instruction: z.string().max(5000).optional(),
      /** Chosen by the caller to match the `plan.generating` events of this call. */
      generationId: Id.optional(),
    }),
    GeneratedPlan,
    'Turn a request (English or Hebrew) into a validated plan, streaming plan.generating events.',
  ),
  'planner.testConnection': method(
    InWorkspace.extend({
      provider: PlannerProvider,
      /** The model to try (default: the workspace setting, else the provider's default). */
      model: z.string().trim().min(1).max(200).optional(),
      /** An address to try instead of the workspace setting (e.g. a value not saved yet). */
      baseUrl: z
        .string()
        .trim()
        .max(2000)
        .regex(/^https?:\/\/\S+$/i, 'the base URL must be an http:// or https:// address')
        .optional(),
    }),
    ConnectionTest,
    'Send a provider a tiny request and say whether it answers; provider faults come back as data, not errors.',
  ),
  'plans.diff': method(
    PlanRef.extend({ from: z.number().int().min(1), to: z.number().int().min(1) }),
    PlanDiff,
    'What changed between two versions: steps added, removed and changed field by field, edges, moves.',
  ),

  'secrets.status': method(z.object({}).default({}), z.record(SecretName, z.object({ set: z.boolean(), source: z.enum(['keychain', 'environment', 'none']) })), 'Which secrets are set (never their values).'),
  'secrets.set': method(
    z.object({ name: SecretName, value: z.string().max(4096).nullable() }),
    z.object({ name: SecretName, set: z.boolean() }),
    'Store (or clear, with null) a secret outside SQLite.',
  ),

  'runs.start': method(
    InWorkspace.extend({
      /** A saved plan (its head unless `version`)… */
      planId: Id.optional(),
      version: z.number().int().min(1).optional(),
      /** …or an ad-hoc graph (CLI `tizmor run FILE`). */
      graph: PlanGraph.optional(),
      title: z.string().max(200).optional(),
      options: RunOptionsPatch.optional(),
      /** Seeds the run's shared context (a webhook's body, a schedule's time). */
      context: z.record(z.string(), z.unknown()).optional(),
      trigger: z.enum(['manual', 'cli', 'schedule', 'webhook', 'rerun']).default('manual'),
    }),
    RunSummary,
    'Start a run of a plan version (checked first: nothing runs if the plan has problems).',
  ),
  'runs.get': method(InWorkspace.extend({ runId: Id }), RunDetail, 'A run with its steps, shared context and messages.'),
  'runs.list': method(
    InWorkspace.extend({ planId: Id.optional(), status: RunStatus.optional(), limit: z.number().int().min(1).max(1000).default(100) }),
    z.array(RunSummary),
    'Runs of a workspace, newest first.',
  ),
  'runs.pause': method(InWorkspace.extend({ runId: Id }), RunSummary, 'Let running steps finish and start no new ones.'),
  'runs.resume': method(InWorkspace.extend({ runId: Id }), RunSummary, 'Go on with a paused or interrupted run.'),
  'runs.cancel': method(InWorkspace.extend({ runId: Id }), RunSummary, 'Abort running steps and end the run cancelled.'),
  'runs.logs': method(
    InWorkspace.extend({ runId: Id, stepId: z.string().optional(), afterSeq: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(10_000).default(1000) }),
    z.array(LogLine),
    'Log lines of a run (or one step), oldest first.',
  ),
  'runs.events': method(
    InWorkspace.extend({ runId: Id, afterSeq: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(100_000).default(10_000) }),
    z.array(RunEventRecord),
    "The run's append-only event log, oldest first.",
  ),
  'runs.trace': method(InWorkspace.extend({ runId: Id }), z.array(Span), 'Spans: the run, each step, each attempt.'),
  'runs.metrics': method(InWorkspace.extend({ runId: Id }), RunMetrics, 'Durations, attempts, tokens, cost and cache hits.'),

  'runs.retryStep': method(
    InWorkspace.extend({ runId: Id, stepId: z.string() }),
    RunSummary,
    'Run a failed step again in its run; the steps it skipped wait for it again.',
  ),
  'runs.rerunFrom': method(
    InWorkspace.extend({ runId: Id, stepId: z.string(), dryRun: z.boolean().default(false) }),
    z.object({ run: RunSummary.nullable(), rerun: z.array(z.string()), reused: z.array(z.string()) }),
    'A new run of the same plan from a step: upstream results are reused, that step and its dependents run again (dryRun: only count).',
  ),

  'approvals.list': method(
    InWorkspace.extend({ runId: Id.optional(), status: z.enum(['pending', 'approved', 'rejected', 'skipped']).optional() }),
    z.array(Approval),
    'Approval requests, pending first.',
  ),
  'approvals.decide': method(
    InWorkspace.extend({
      approvalId: Id,
      /** approve: run the step (again); reject: the step fails; skip: the step and its dependents are skipped. */
      decision: z.enum(['approve', 'reject', 'skip']),
      editedInput: z.record(z.string(), z.unknown()).optional(),
      /** The answer to a `human.ask` question: becomes the step's output. */
      answer: z.record(z.string(), z.unknown()).optional(),
      comment: z.string().max(2000).optional(),
      decidedBy: z.string().max(200).optional(),
    }),
    Approval,
    'Answer an approval request.',
  ),

  'approvals.decideMany': method(
    InWorkspace.extend({
      /** One decision per approval, e.g. the items of a map step: approve the selected ones, reject the rest. */
      decisions: z
        .array(z.object({ approvalId: Id, decision: z.enum(['approve', 'reject', 'skip']), comment: z.string().max(2000).optional() }))
        .min(1)
        .max(10_000),
      decidedBy: z.string().max(200).optional(),
    }),
    z.array(Approval),
    'Answer many approval requests at once (in order); each is checked as approvals.decide would.',
  ),

  'agents.list': method(InWorkspace.partial(), z.array(AgentDescriptor), 'The agent catalog: schemas, risk, idempotency.'),

  'settings.get': method(InWorkspace, z.record(z.string(), SettingValue), 'All settings of a workspace.'),
  'settings.set': method(
    InWorkspace.extend({ key: z.string().min(1).max(100), value: SettingValue }),
    z.record(z.string(), SettingValue),
    'Set one workspace setting; returns all of them.',
  ),

  'triggers.list': method(InWorkspace, z.array(Trigger), 'Triggers of a workspace (schedules and webhooks), by name.'),
  'triggers.create': method(
    InWorkspace.extend({
      name: z.string().trim().min(1).max(200),
      kind: TriggerKind,
      target: TriggerTarget,
      /** Required for a schedule trigger. */
      schedule: ScheduleInput.optional(),
      options: TriggerRunOptions.optional(),
      enabled: z.boolean().default(true),
    }),
    TriggerWithSecret,
    'Create a schedule or webhook trigger; a webhook trigger\'s secret is returned only here.',
  ),
  'triggers.update': method(
    InWorkspace.extend({
      triggerId: Id,
      name: z.string().trim().min(1).max(200).optional(),
      enabled: z.boolean().optional(),
      target: TriggerTarget.optional(),
      schedule: ScheduleInput.optional(),
      catchUp: CatchUp.optional(),
      options: TriggerRunOptions.optional(),
      /** A new webhook secret, returned once; the old one stays valid for `previousSecretValidMinutes`. */
      rotateSecret: z.boolean().optional(),
      previousSecretValidMinutes: z.number().int().min(0).max(60 * 24 * 30).default(60 * 24),
      /** End a rotation now: only the newest secret is accepted from here on. */
      retirePreviousSecret: z.boolean().optional(),
    }),
    TriggerWithSecret,
    'Change a trigger: name, target, schedule, enabled, or rotate its webhook secret.',
  ),
  'triggers.delete': method(InWorkspace.extend({ triggerId: Id }), z.object({ deleted: z.literal(true) }), 'Delete a trigger and its firings.'),
  'triggers.test': method(
    InWorkspace.extend({ triggerId: Id, body: z.json().optional() }),
    TriggerFiring,
    'Fire a trigger now (a webhook trigger gets `body` as its payload) and return the firing.',
  ),
  'triggers.firings': method(
    InWorkspace.extend({ triggerId: Id.optional(), limit: z.number().int().min(1).max(1000).default(50) }),
    z.array(TriggerFiring),
    'The last firings of a workspace (or one trigger) with their runs, newest first.',
  ),
  'triggers.preview': method(
    z.object({ cron: z.string().max(200).optional(), phrase: z.string().max(200).optional(), timeZone: z.string().max(100).optional(), count: z.number().int().min(1).max(50).default(5) }),
    SchedulePreview,
    'Check a cron expression or a phrase (English or Hebrew): its cron, its words and its next firing times.',
  ),
  'triggers.deliveries': method(
    InWorkspace.extend({ limit: z.number().int().min(1).max(1000).default(50) }),
    z.array(WebhookDelivery),
    'Outgoing webhook deliveries of a workspace and their status, newest first.',
  ),
} satisfies Record<string, MethodSpec>;

/** Every method name, e.g. `plans.saveVersion`. */
export type MethodName = keyof typeof methods;
/** What a caller passes to a method (defaults may be left out). */
export type Input<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
/** What a handler receives, after validation and defaults. */
export type ParsedInput<M extends MethodName> = z.output<(typeof methods)[M]['input']>;
/** What a method returns. */
export type Output<M extends MethodName> = z.output<(typeof methods)[M]['output']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/** The engine side of the contract: one handler per method. */
export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<Output<M>> };
