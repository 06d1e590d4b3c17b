import { TizmorError, type TizmorClient, type TriggerFiring } from '../api';
import type { EventBus } from '../core/event-bus';
import type { FiringRecord, TriggerRecord, TriggerRepository } from '../store/trigger-repository';

/** What firing a trigger needs: where to record, whom to tell, and the contract to start runs through. */
export interface FiringServices {
  repository: TriggerRepository;
  bus: EventBus;
  /** The engine's own contract: runs start (and plans generate) through the same handlers as any caller. */
  client: TizmorClient;
  /** Now, as ISO-8601. */
  now(): string;
  newId(): string;
}

export interface FireRequest {
  trigger: TriggerRecord;
  source: TriggerFiring['source'];
  /** The schedule time this firing stands for; unique per trigger, so a second host cannot fire it again. */
  scheduledFor: string | null;
  /** Seeds the run's shared context besides `trigger` (a webhook's body goes in as `webhook`). */
  context?: Record<string, unknown>;
  deliveryId?: string | null;
}

function runTrigger(source: TriggerFiring['source']): 'schedule' | 'webhook' | 'manual' {
  if (source === 'webhook') return 'webhook';
  if (source === 'test') return 'manual';
  return 'schedule';
}

function messageOf(error: unknown): string {
  if (error instanceof TizmorError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

async function startRun(services: FiringServices, request: FireRequest, firedAt: string): Promise<string> {
  const { trigger } = request;
  const context = {
    ...request.context,
    trigger: { id: trigger.id, name: trigger.name, source: request.source, scheduledFor: request.scheduledFor, firedAt },
  };
  const common = { workspaceId: trigger.workspaceId, options: trigger.options, context, trigger: runTrigger(request.source) };
  if (trigger.target.kind === 'plan') {
    const run = await services.client.runs.start({ ...common, planId: trigger.target.planId, version: trigger.target.version ?? undefined });
    return run.id;
  }
  const generated = await services.client.plans.generate({
    workspaceId: trigger.workspaceId,
    request: trigger.target.request,
    provider: trigger.target.provider,
  });
  const run = await services.client.runs.start({ ...common, planId: generated.plan.id, version: generated.version.number });
  return run.id;
}

function emit(services: FiringServices, firingId: string): TriggerFiring {
  const firing = services.repository.firing(firingId);
  if (!firing) throw new TizmorError('internal', `The firing ${firingId} was not recorded.`);
  services.bus.emit('trigger.fired', { workspaceId: firing.workspaceId, firing });
  return firing;
}

/**
 * Records a firing, starts its run (or generates the plan first) and tells listeners. Resolves to
 * null when this schedule time was already fired (by this host or another one on the same data folder).
 * A run that cannot start is a failed firing with the reason, never a thrown error.
 */
export async function fireTrigger(services: FiringServices, request: FireRequest): Promise<TriggerFiring | null> {
  const firedAt = services.now();
  const record: FiringRecord = {
    id: services.newId(),
    triggerId: request.trigger.id,
    workspaceId: request.trigger.workspaceId,
    source: request.source,
    scheduledFor: request.scheduledFor,
    firedAt,
    status: 'pending',
    runId: null,
    error: null,
    deliveryId: request.deliveryId ?? null,
  };
  if (!services.repository.insertFiring(record)) return null;
  if (request.scheduledFor !== null) services.repository.advanceCursor(request.trigger.id, request.scheduledFor);
  try {
    const runId = await startRun(services, request, firedAt);
    services.repository.updateFiring(record.id, { status: 'started', runId });
  } catch (error) {
    services.repository.updateFiring(record.id, { status: 'failed', error: messageOf(error) });
  }
  return emit(services, record.id);
}

/** Records a schedule time let go by the catch-up policy (shown among the firings, starting nothing). */
export function skipFiring(services: FiringServices, trigger: TriggerRecord, scheduledFor: string, reason: string): TriggerFiring | null {
  const id = services.newId();
  const inserted = services.repository.insertFiring({
    id,
    triggerId: trigger.id,
    workspaceId: trigger.workspaceId,
    source: 'catch-up',
    scheduledFor,
    firedAt: services.now(),
    status: 'skipped',
    runId: null,
    error: reason,
    deliveryId: null,
  });
  services.repository.advanceCursor(trigger.id, scheduledFor);
  return inserted ? emit(services, id) : null;
}
