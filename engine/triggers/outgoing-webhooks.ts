import { z } from 'zod';
import { OutgoingEvent, type TizmorEvent } from '../api';
import { isHostAllowed } from '../agents/builtin/host-policy';
import type { EventBus } from '../core/event-bus';
import type { Store } from '../store/store';
import type { DeliveryRecord } from '../store/trigger-repository';
import type { Clock } from './clock';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';

/** The workspace setting that lists outgoing webhooks: `[{url, secret, events?}]`. */
export const OUTGOING_SETTING = 'webhooks.outgoing';
/** The workspace allow-list an outgoing URL's host must be on (the same one `http.request` uses). */
export const ALLOW_HOSTS_SETTING = 'http.allowHosts';

const Endpoint = z.object({
  url: z.string().url(),
  secret: z.string().min(16, 'an outgoing webhook secret has at least 16 characters'),
  events: z.array(OutgoingEvent).default(['run.completed', 'run.failed', 'approval.requested']),
});
type Endpoint = z.infer<typeof Endpoint>;

export interface OutgoingOptions {
  store: Store;
  bus: EventBus;
  clock: Clock;
  newId(): string;
  log(line: string): void;
  /** Waits before the 2nd, 3rd, … attempt; its length + 1 is the most attempts. */
  retryDelaysMs?: readonly number[];
  /** Gives up on one attempt after this long. */
  attemptTimeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_RETRY_DELAYS = [1_000, 5_000, 30_000, 120_000, 600_000];

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Posts run and approval events to each workspace's outgoing webhooks: signed like incoming ones,
 * retried with backoff on network errors, 408, 429 and 5xx, every delivery recorded with its status.
 */
export class OutgoingWebhooks {
  private readonly retryDelays: readonly number[];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<ReturnType<Clock['setTimer']>>();
  private unsubscribe: (() => void) | null = null;
  private readonly badSettings = new Set<string>();

  constructor(private readonly options: OutgoingOptions) {
    this.retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS;
  }

  /** Listens to the engine's events. */
  start(): void {
    this.unsubscribe ??= this.options.bus.subscribe((event) => this.onEvent(event));
  }

  /** Goes on with deliveries a previous host left pending. */
  resumePending(): void {
    for (const delivery of this.options.store.triggers.pendingDeliveries()) {
      const endpoint = this.endpoints(delivery.workspaceId).find((item) => item.url === delivery.url);
      if (!endpoint) {
        this.finish(delivery, { status: 'failed', error: 'The outgoing webhook was removed from the settings.' });
        continue;
      }
      this.schedule(delivery, endpoint.secret, 0);
    }
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const timer of this.timers) this.options.clock.clearTimer(timer);
    this.timers.clear();
  }

  /** Resolves when no attempt is running (retries waiting on a timer do not count). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private endpoints(workspaceId: string): Endpoint[] {
    const value = this.options.store.settings.all(workspaceId)[OUTGOING_SETTING];
    if (value === undefined) return [];
    const parsed = z.array(Endpoint).safeParse(value);
    if (parsed.success) return parsed.data;
    if (!this.badSettings.has(workspaceId)) {
      this.badSettings.add(workspaceId);
      this.options.log(`workspace ${workspaceId}: the setting ${OUTGOING_SETTING} is not [{url, secret, events?}]: ${parsed.error.issues[0]?.message ?? ''}`);
    }
    return [];
  }

  private onEvent(event: TizmorEvent): void {
    let name: OutgoingEvent | null = null;
    let data: unknown = null;
    let workspaceId = '';
    if (event.event === 'run.status' && (event.payload.status === 'completed' || event.payload.status === 'failed')) {
      name = event.payload.status === 'completed' ? 'run.completed' : 'run.failed';
      workspaceId = event.payload.workspaceId;
      data = { run: this.options.store.runs.summary(workspaceId, event.payload.runId) ?? event.payload };
    } else if (event.event === 'approval.requested') {
      name = 'approval.requested';
      workspaceId = event.payload.workspaceId;
      data = { approval: event.payload.approval };
    }
    if (name === null) return;
    const endpoints = this.endpoints(workspaceId).filter((endpoint) => endpoint.events.includes(name));
    if (endpoints.length === 0) return;
    const createdAt = new Date(this.options.clock.now()).toISOString();
    const payload = JSON.stringify({ id: this.options.newId(), event: name, createdAt, workspaceId, data });
    for (const endpoint of endpoints) this.enqueue(workspaceId, name, endpoint, payload, createdAt);
  }

  private enqueue(workspaceId: string, event: OutgoingEvent, endpoint: Endpoint, payload: string, createdAt: string): void {
    const delivery: DeliveryRecord = {
      id: this.options.newId(),
      workspaceId,
      event,
      url: endpoint.url,
      payload,
      status: 'pending',
      attempts: 0,
      responseStatus: null,
      error: null,
      createdAt,
      updatedAt: createdAt,
      nextAttemptAt: createdAt,
    };
    const allowed = this.options.store.settings.all(workspaceId)[ALLOW_HOSTS_SETTING];
    const hosts = Array.isArray(allowed) ? allowed.filter((item): item is string => typeof item === 'string') : [];
    const url = new URL(endpoint.url);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !isHostAllowed(url, hosts)) {
      this.options.store.triggers.insertDelivery({
        ...delivery,
        status: 'failed',
        nextAttemptAt: null,
        error: `${url.host} is not on the workspace allow-list (${ALLOW_HOSTS_SETTING}); nothing was sent.`,
      });
      return;
    }
    this.options.store.triggers.insertDelivery(delivery);
    this.schedule(delivery, endpoint.secret, 0);
  }

  private schedule(delivery: DeliveryRecord, secret: string, delayMs: number): void {
    const timer = this.options.clock.setTimer(() => {
      this.timers.delete(timer);
      const attempt = this.attempt(delivery, secret).catch((error: unknown) => this.options.log(`webhook delivery ${delivery.id}: ${String(error)}`));
      this.inFlight.add(attempt);
      void attempt.finally(() => this.inFlight.delete(attempt));
    }, delayMs);
    this.timers.add(timer);
  }

  private finish(delivery: DeliveryRecord, patch: Partial<Pick<DeliveryRecord, 'status' | 'attempts' | 'responseStatus' | 'error' | 'nextAttemptAt'>>): void {
    Object.assign(delivery, patch);
    this.options.store.triggers.updateDelivery(delivery.id, { ...patch, updatedAt: new Date(this.options.clock.now()).toISOString() });
  }

  private async attempt(delivery: DeliveryRecord, secret: string): Promise<void> {
    const attempts = delivery.attempts + 1;
    const body = Buffer.from(delivery.payload, 'utf8');
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await (this.options.fetch ?? fetch)(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tizmor-Webhooks/1',
          [EVENT_HEADER]: delivery.event,
          [DELIVERY_HEADER]: delivery.id,
          [SIGNATURE_HEADER]: signatureHeader(secret, body, Math.floor(this.options.clock.now() / 1000)),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.attemptTimeoutMs ?? 10_000),
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (status >= 200 && status < 300) {
        this.finish(delivery, { status: 'delivered', attempts, responseStatus: status, error: null, nextAttemptAt: null });
        return;
      }
      error = `The receiver answered ${status}.`;
    } catch (thrown) {
      error = `Could not reach ${new URL(delivery.url).host}: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
    }
    const delay = this.retryDelays[attempts - 1];
    if (delay === undefined || (status !== null && !isRetryable(status))) {
      this.finish(delivery, { status: 'failed', attempts, responseStatus: status, error, nextAttemptAt: null });
      return;
    }
    this.finish(delivery, { attempts, responseStatus: status, error, nextAttemptAt: new Date(this.options.clock.now() + delay).toISOString() });
    this.schedule(delivery, secret, delay);
  }
}
