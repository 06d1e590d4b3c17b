import { z } from 'zod';
import { Id } from './model';
import { Approval, LogLevel, RunStatus, StepStatus } from './runs';
import { Step } from './plan-file';
import { TriggerFiring } from './triggers';

/**
 * Every event a host pushes to its clients, by name. A new event needs a handler
 * wherever an {@link EventHandlers} map is written, or the build fails.
 */
export const events = {
  /** A plan was created, got a new version, was renamed or deleted. */
  'plan.changed': z.object({
    workspaceId: Id,
    planId: Id,
    change: z.enum(['created', 'version', 'renamed', 'deleted']),
    headVersion: z.number().int().optional(),
  }),
  /** A workspace was created. */
  'workspace.changed': z.object({ workspaceId: Id, change: z.enum(['created']) }),
  /** A workspace setting changed. */
  'settings.changed': z.object({ workspaceId: Id, key: z.string() }),
  /** A plan is being generated: the steps so far (as the model writes them), retries, the end. */
  'plan.generating': z.object({
    workspaceId: Id,
    generationId: Id,
    phase: z.enum(['started', 'partial', 'retrying', 'done', 'failed']),
    steps: z.array(Step.partial({ input: true, dependsOn: true })),
    message: z.string().nullable(),
  }),
  /** A run changed status (committed before this is sent). */
  'run.status': z.object({ workspaceId: Id, runId: Id, status: RunStatus, error: z.string().nullable() }),
  /** A step changed status. */
  'step.status': z.object({
    workspaceId: Id,
    runId: Id,
    stepId: z.string(),
    status: StepStatus,
    attempt: z.number().int(),
    cacheHit: z.boolean(),
    error: z.string().nullable(),
    /** A map step's number of items (sent once its list is known). */
    itemCount: z.number().int().min(0).optional(),
  }),
  /** A step wrote a log line. */
  'step.log': z.object({ workspaceId: Id, runId: Id, stepId: z.string().nullable(), level: LogLevel, message: z.string(), at: z.string() }),
  /** A step streamed a partial result. */
  'step.partial': z.object({ workspaceId: Id, runId: Id, stepId: z.string(), value: z.unknown() }),
  /** A step waits for a person. */
  'approval.requested': z.object({ workspaceId: Id, approval: Approval }),
  /** A person (or --yes) answered. */
  'approval.resolved': z.object({ workspaceId: Id, approval: Approval }),
  /** A trigger fired (a schedule, a webhook, a catch-up or a test): the run it started, or why none was. */
  'trigger.fired': z.object({ workspaceId: Id, firing: TriggerFiring }),
} satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
/** One pushed event, as a tagged union. */
export type TizmorEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
/** A map with a handler for every event: adding an event without a handler is a type error. */
export type EventHandlers = { [E in EventName]: (payload: EventPayload<E>) => void };

export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
