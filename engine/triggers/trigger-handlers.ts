import { CatchUp, TizmorError, type Handlers, type ParsedInput, type Trigger } from '../api';
import type { EngineContext } from '../core/context';
import { requireWorkspace } from '../core/workspace-service';
import type { TriggerPatch, TriggerRecord } from '../store/trigger-repository';
import type { Clock } from './clock';
import { fireTrigger, type FiringServices } from './fire-trigger';
import { CronSchedule, resolveSchedule } from './schedule';
import type { TriggerScheduler } from './scheduler';
import { cronToWords } from './schedule-words';
import { newWebhookSecret } from './signature';

export type TriggerHandlers = Pick<
  Handlers,
  | 'triggers.list'
  | 'triggers.create'
  | 'triggers.update'
  | 'triggers.delete'
  | 'triggers.test'
  | 'triggers.firings'
  | 'triggers.preview'
  | 'triggers.deliveries'
>;

export interface TriggerHandlerServices {
  context: EngineContext;
  clock: Clock;
  scheduler: TriggerScheduler;
  firing: FiringServices;
}

/** The public view of a stored trigger: no secrets, the schedule in words, the next firing. */
export function toTrigger(services: TriggerHandlerServices, record: TriggerRecord): Trigger {
  const nowMs = services.clock.now();
  const previousValid = record.previousSecretUntil !== null && Date.parse(record.previousSecretUntil) > nowMs;
  const next = record.kind === 'schedule' ? services.scheduler.nextFireAt(record) : null;
  return {
    id: record.id,
    workspaceId: record.workspaceId,
    name: record.name,
    kind: record.kind,
    enabled: record.enabled,
    target: record.target,
    options: record.options,
    schedule:
      record.kind === 'schedule' && record.cron !== null
        ? {
            cron: record.cron,
            phrase: record.phrase,
            timeZone: record.timeZone ?? 'UTC',
            catchUp: record.catchUp ?? CatchUp.parse({}),
            words: cronToWords(record.cron),
          }
        : null,
    webhook:
      record.kind === 'webhook'
        ? {
            path: `/hooks/${record.id}`,
            previousSecretValidUntil: previousValid ? record.previousSecretUntil : null,
            rejected: record.rejected,
            lastRejectedAt: record.lastRejectedAt,
          }
        : null,
    nextFireAt: next === null ? null : new Date(next).toISOString(),
    lastFiredAt: services.context.store.triggers.lastFiredAt(record.id),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function checkTarget(context: EngineContext, workspaceId: string, target: TriggerRecord['target']): void {
  if (target.kind !== 'plan') return;
  const plan = context.store.plans.get(workspaceId, target.planId);
  if (!plan) throw new TizmorError('not_found', `There is no plan with id "${target.planId}" in this workspace.`, { planId: target.planId });
  if (target.version !== null && !context.store.plans.getVersion(workspaceId, plan.id, target.version)) {
    throw new TizmorError('not_found', `Plan "${plan.title}" has no version ${target.version}.`);
  }
}

function requireTrigger(context: EngineContext, workspaceId: string, triggerId: string): TriggerRecord {
  requireWorkspace(context, workspaceId);
  const record = context.store.triggers.get(workspaceId, triggerId);
  if (!record) throw new TizmorError('not_found', `There is no trigger with id "${triggerId}" in this workspace.`, { triggerId });
  return record;
}

function updatePatch(services: TriggerHandlerServices, record: TriggerRecord, input: ParsedInput<'triggers.update'>, now: string) {
  const patch: TriggerPatch = { updatedAt: now };
  let secret: string | null = null;
  if (input.name !== undefined) patch.name = input.name;
  if (input.options !== undefined) patch.options = input.options;
  if (input.target !== undefined) {
    checkTarget(services.context, record.workspaceId, input.target);
    patch.target = input.target;
  }
  if (input.schedule !== undefined || input.catchUp !== undefined) {
    if (record.kind !== 'schedule') throw new TizmorError('bad_input', 'Only a schedule trigger has a schedule.');
    if (input.schedule !== undefined) {
      const schedule = resolveSchedule({ ...input.schedule, timeZone: input.schedule.timeZone ?? record.timeZone ?? undefined });
      Object.assign(patch, { cron: schedule.cron, phrase: schedule.phrase, timeZone: schedule.timeZone, scheduleCursor: now });
      if (input.schedule.catchUp) patch.catchUp = input.schedule.catchUp;
    }
    if (input.catchUp !== undefined) patch.catchUp = input.catchUp;
  }
  // A schedule switched back on counts from now: the time it was off is not caught up.
  if (input.enabled !== undefined && input.enabled !== record.enabled) {
    patch.enabled = input.enabled;
    if (input.enabled && record.kind === 'schedule') patch.scheduleCursor = now;
  }
  if (input.rotateSecret || input.retirePreviousSecret) {
    if (record.kind !== 'webhook') throw new TizmorError('bad_input', 'Only a webhook trigger has a secret.');
  }
  if (input.rotateSecret) {
    secret = newWebhookSecret();
    patch.secret = secret;
    const until = services.clock.now() + input.previousSecretValidMinutes * 60_000;
    patch.previousSecret = input.previousSecretValidMinutes > 0 ? record.secret : null;
    patch.previousSecretUntil = input.previousSecretValidMinutes > 0 ? new Date(until).toISOString() : null;
  } else if (input.retirePreviousSecret) {
    patch.previousSecret = null;
    patch.previousSecretUntil = null;
  }
  return { patch, secret };
}

/** The `triggers.*` methods of the contract. */
export function triggerHandlers(services: TriggerHandlerServices): TriggerHandlers {
  const { context, clock, scheduler } = services;
  const repository = context.store.triggers;
  const nowIso = () => new Date(clock.now()).toISOString();
  return {
    'triggers.list': async ({ workspaceId }) => {
      requireWorkspace(context, workspaceId);
      return repository.list(workspaceId).map((record) => toTrigger(services, record));
    },
    'triggers.create': async (input) => {
      requireWorkspace(context, input.workspaceId);
      checkTarget(context, input.workspaceId, input.target);
      if (input.kind === 'schedule' && !input.schedule) throw new TizmorError('bad_input', 'A schedule trigger needs a schedule: a cron expression or a phrase.');
      if (input.kind === 'webhook' && input.schedule) throw new TizmorError('bad_input', 'A webhook trigger has no schedule.');
      const schedule = input.kind === 'schedule' && input.schedule ? resolveSchedule(input.schedule) : null;
      const now = nowIso();
      const secret = input.kind === 'webhook' ? newWebhookSecret() : null;
      const record: TriggerRecord = {
        id: context.newId(),
        workspaceId: input.workspaceId,
        name: input.name,
        kind: input.kind,
        enabled: input.enabled,
        target: input.target,
        options: input.options ?? {},
        cron: schedule?.cron ?? null,
        phrase: schedule?.phrase ?? null,
        timeZone: schedule?.timeZone ?? null,
        catchUp: schedule ? CatchUp.parse(input.schedule?.catchUp ?? {}) : null,
        scheduleCursor: schedule ? now : null,
        secret,
        previousSecret: null,
        previousSecretUntil: null,
        rejected: 0,
        lastRejectedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      repository.insert(record);
      scheduler.refresh();
      return { trigger: toTrigger(services, record), secret };
    },
    'triggers.update': async (input) => {
      const record = requireTrigger(context, input.workspaceId, input.triggerId);
      const { patch, secret } = updatePatch(services, record, input, nowIso());
      repository.update(input.workspaceId, input.triggerId, patch);
      scheduler.refresh();
      return { trigger: toTrigger(services, requireTrigger(context, input.workspaceId, input.triggerId)), secret };
    },
    'triggers.delete': async ({ workspaceId, triggerId }) => {
      requireTrigger(context, workspaceId, triggerId);
      repository.delete(workspaceId, triggerId);
      scheduler.refresh();
      return { deleted: true as const };
    },
    'triggers.test': async ({ workspaceId, triggerId, body }) => {
      const trigger = requireTrigger(context, workspaceId, triggerId);
      const extra = trigger.kind === 'webhook' ? { webhook: body ?? { test: true } } : {};
      const firing = await fireTrigger(services.firing, { trigger, source: 'test', scheduledFor: null, context: extra });
      if (!firing) throw new TizmorError('internal', 'The test firing was not recorded.');
      return firing;
    },
    'triggers.firings': async ({ workspaceId, triggerId, limit }) => {
      requireWorkspace(context, workspaceId);
      return repository.firings(workspaceId, { triggerId, limit });
    },
    'triggers.preview': async ({ cron, phrase, timeZone, count }) => {
      const schedule = resolveSchedule({ cron, phrase, timeZone });
      const cronSchedule = new CronSchedule(schedule.cron, schedule.timeZone);
      const next = cronSchedule.between(clock.now(), Number.MAX_SAFE_INTEGER, count).map((time) => new Date(time).toISOString());
      return { cron: schedule.cron, timeZone: schedule.timeZone, words: schedule.words, next };
    },
    'triggers.deliveries': async ({ workspaceId, limit }) => {
      requireWorkspace(context, workspaceId);
      return repository.deliveries(workspaceId, limit);
    },
  };
}
