import { z } from 'zod';
import { Id, Timestamp } from './model';
import { PlannerProvider } from './planning';
import { RunStatus } from './runs';

/** What starts a trigger: a clock (`schedule`) or a signed HTTP request (`webhook`). */
export const TriggerKind = z.enum(['schedule', 'webhook']);
export type TriggerKind = z.infer<typeof TriggerKind>;

/** What a trigger runs: a saved plan (its head, or a pinned version), or a request the planner turns into a plan each time. */
export const TriggerTarget = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('plan'),
    planId: Id,
    /** A pinned version; null runs whatever the head is when the trigger fires. */
    version: z.number().int().min(1).nullable().default(null),
  }),
  z.object({
    kind: z.literal('request'),
    request: z.string().trim().min(1, 'say what the plan should do').max(20_000),
    provider: PlannerProvider.optional(),
  }),
]);
export type TriggerTarget = z.infer<typeof TriggerTarget>;

/** Options of the runs a trigger starts; only what is set here overrides the workspace's run defaults. */
export const TriggerRunOptions = z.object({
  /** Approve every gate: unattended runs need it for steps that write or reach outside. */
  autoApprove: z.boolean().optional(),
  simulate: z.boolean().optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  allowHosts: z.array(z.string().min(1).max(300)).optional(),
});
export type TriggerRunOptions = z.infer<typeof TriggerRunOptions>;

/** What happens to firings missed while no host was running (the app closed, the laptop asleep). */
export const CatchUp = z.object({
  /** skip: none of them; once: one run for the latest; all: one run each, within the window. */
  policy: z.enum(['skip', 'once', 'all']).default('once'),
  /** How far back `all` (and `once`) reach, in hours. */
  windowHours: z.number().int().min(1).max(24 * 31).default(24),
});
export type CatchUp = z.infer<typeof CatchUp>;

/** A schedule as given: a cron expression or a phrase ("every day at 9:00", "כל יום ב-9:00"). */
export const ScheduleInput = z
  .object({
    cron: z.string().trim().min(1).max(200).optional(),
    phrase: z.string().trim().min(1).max(200).optional(),
    /** An IANA time zone, e.g. "Asia/Jerusalem"; the machine's by default. */
    timeZone: z.string().min(1).max(100).optional(),
    catchUp: CatchUp.optional(),
  })
  .refine((value) => (value.cron === undefined) !== (value.phrase === undefined), {
    message: 'give either a cron expression or a phrase',
  });
export type ScheduleInput = z.input<typeof ScheduleInput>;

/** A schedule in words, English and Hebrew, for display. */
export const ScheduleWords = z.object({ en: z.string(), he: z.string() });

/** A schedule as stored. */
export const Schedule = z.object({
  cron: z.string(),
  /** The phrase it was made from, if any. */
  phrase: z.string().nullable(),
  timeZone: z.string(),
  catchUp: CatchUp,
  words: ScheduleWords,
});
export type Schedule = z.infer<typeof Schedule>;

/** Where and how a webhook trigger is called (its secret is shown only when made or rotated). */
export const WebhookInfo = z.object({
  /** `/hooks/<triggerId>` on the host. */
  path: z.string(),
  /** Until when the secret before the last rotation is still accepted; null when only one secret is valid. */
  previousSecretValidUntil: Timestamp.nullable(),
  /** Requests refused for a missing or wrong signature. */
  rejected: z.number().int(),
  lastRejectedAt: Timestamp.nullable(),
});

/** A trigger: a schedule or a webhook that starts runs in its workspace. */
export const Trigger = z.object({
  id: Id,
  workspaceId: Id,
  name: z.string(),
  kind: TriggerKind,
  enabled: z.boolean(),
  target: TriggerTarget,
  /** Options of the runs it starts (e.g. autoApprove for unattended runs). */
  options: TriggerRunOptions,
  schedule: Schedule.nullable(),
  webhook: WebhookInfo.nullable(),
  /** The next time the schedule fires (while a host runs). */
  nextFireAt: Timestamp.nullable(),
  lastFiredAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Trigger = z.infer<typeof Trigger>;

/** A trigger with its webhook secret, which is shown only here: when the trigger is made or its secret rotated. */
export const TriggerWithSecret = z.object({ trigger: Trigger, secret: z.string().nullable() });

/** How a firing came about. */
export const FiringSource = z.enum(['schedule', 'catch-up', 'webhook', 'test']);

/** One time a trigger fired, and the run it started. */
export const TriggerFiring = z.object({
  id: Id,
  triggerId: Id,
  workspaceId: Id,
  source: FiringSource,
  /** The schedule time this firing stands for (null for webhooks and tests). */
  scheduledFor: Timestamp.nullable(),
  firedAt: Timestamp,
  /** pending: starting; started: a run was started; failed: none could be; skipped: missed and let go by policy. */
  status: z.enum(['pending', 'started', 'failed', 'skipped']),
  runId: Id.nullable(),
  runStatus: RunStatus.nullable(),
  error: z.string().nullable(),
  deliveryId: z.string().nullable(),
});
export type TriggerFiring = z.infer<typeof TriggerFiring>;

/** Run and approval events a workspace can send to its outgoing webhooks (and notify about). */
export const OutgoingEvent = z.enum(['run.completed', 'run.failed', 'approval.requested']);
export type OutgoingEvent = z.infer<typeof OutgoingEvent>;

/** One outgoing webhook delivery and how it went. */
export const WebhookDelivery = z.object({
  id: Id,
  workspaceId: Id,
  event: OutgoingEvent,
  url: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  nextAttemptAt: Timestamp.nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** A schedule checked and shown back: its cron, its words and its next firing times. */
export const SchedulePreview = z.object({
  cron: z.string(),
  timeZone: z.string(),
  words: ScheduleWords,
  next: z.array(Timestamp),
});
