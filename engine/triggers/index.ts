import { TizmorError, createClient, type TizmorClient } from '../api';
import type { Notifier } from '../agents/notify';
import type { EngineContext } from '../core/context';
import type { Dispatch } from '../rpc/dispatcher';
import { systemClock, type Clock } from './clock';
import { fireTrigger, skipFiring, type FiringServices } from './fire-trigger';
import { receiveWebhook, type WebhookAnswer, type WebhookRequest } from './inbound-webhook';
import { OutgoingWebhooks } from './outgoing-webhooks';
import { notifyOnRunEvents } from './run-notifications';
import { TriggerScheduler, type SchedulerOptions } from './scheduler';
import { triggerHandlers, type TriggerHandlers } from './trigger-handlers';

export { MAX_WEBHOOK_BYTES, type WebhookAnswer, type WebhookRequest } from './inbound-webhook';
export { systemClock, type Clock, type TimerHandle } from './clock';
export { DELIVERY_HEADER, SIGNATURE_HEADER, signatureHeader, verifySignature } from './signature';

/** What a host may set about triggers when it opens the engine. */
export interface TriggerOptions {
  /** The time and timers (tests pass a fake clock). */
  clock?: Clock;
  /** Shows notifications (Electron: desktop; CLI: a line). */
  notifier?: Notifier;
  /** Outgoing webhook retries: the waits before the 2nd, 3rd, … attempt. */
  retryDelaysMs?: readonly number[];
  /** Replaces `fetch` for outgoing webhooks (tests). */
  fetch?: typeof fetch;
  /** Scheduler timings (tests). */
  scheduler?: Pick<SchedulerOptions, 'leaseMs' | 'graceMs' | 'maxSleepMs' | 'maxCatchUp'>;
}

/** Schedules, webhooks in and out, and run notifications, behind the `triggers.*` methods. */
export interface TriggerService {
  readonly handlers: TriggerHandlers;
  readonly scheduler: TriggerScheduler;
  /** Answers a request to `/hooks/<triggerId>` (the host reads the raw body, capped at 1 MB). */
  receiveWebhook(request: WebhookRequest): Promise<WebhookAnswer>;
  /** For long-lived hosts: fire schedules while running (catching up first) and resume pending outgoing deliveries. */
  start(): void;
  /** Resolves when started firings and outgoing attempts have settled (tests). */
  idle(): Promise<void>;
  stop(): void;
}

/** A client over the engine's own dispatcher, so triggers start runs through the same checks as any caller. */
function selfClient(dispatch: Dispatch): TizmorClient {
  return createClient({
    async call(method, input) {
      const envelope = await dispatch(method, input);
      if (envelope.ok) return envelope.result;
      throw TizmorError.from(envelope.error);
    },
    on: () => () => undefined,
  });
}

export function createTriggerService(
  context: EngineContext,
  dispatch: Dispatch,
  options: TriggerOptions & { log: (line: string) => void },
): TriggerService {
  const clock = options.clock ?? systemClock;
  const repository = context.store.triggers;
  const firing: FiringServices = {
    repository,
    bus: context.bus,
    client: selfClient(dispatch),
    now: () => new Date(clock.now()).toISOString(),
    newId: context.newId,
  };
  const scheduler = new TriggerScheduler({
    repository,
    clock,
    holder: `host-${context.newId()}`,
    fire: (trigger, time, source) => fireTrigger(firing, { trigger, source, scheduledFor: new Date(time).toISOString() }),
    skip: (trigger, time, reason) => void skipFiring(firing, trigger, new Date(time).toISOString(), reason),
    log: options.log,
    ...options.scheduler,
  });
  const outgoing = new OutgoingWebhooks({
    store: context.store,
    bus: context.bus,
    clock,
    newId: context.newId,
    log: options.log,
    retryDelaysMs: options.retryDelaysMs,
    fetch: options.fetch,
  });
  outgoing.start();
  const stopNotifications = options.notifier ? notifyOnRunEvents(context.bus, context.store, options.notifier) : () => undefined;
  let started = false;
  return {
    handlers: triggerHandlers({ context, clock, scheduler, firing }),
    scheduler,
    receiveWebhook: (request) => receiveWebhook({ repository, clock, firing }, request),
    start() {
      if (started) return;
      started = true;
      scheduler.start();
      outgoing.resumePending();
    },
    async idle() {
      await scheduler.idle();
      await outgoing.idle();
    },
    stop() {
      scheduler.stop();
      outgoing.stop();
      stopNotifications();
    },
  };
}
