import type { CatchUp, OutgoingEvent, TriggerFiring, TriggerKind, TriggerRunOptions, TriggerTarget, WebhookDelivery } from '../api';

/** A trigger as stored, secrets included (they never leave the engine but through create and rotate). */
export interface TriggerRecord {
  id: string;
  workspaceId: string;
  name: string;
  kind: TriggerKind;
  enabled: boolean;
  target: TriggerTarget;
  options: TriggerRunOptions;
  cron: string | null;
  phrase: string | null;
  timeZone: string | null;
  catchUp: CatchUp | null;
  /** Schedule times at or before this instant (ISO) are never due: the last one handled, or when the schedule began. */
  scheduleCursor: string | null;
  secret: string | null;
  previousSecret: string | null;
  previousSecretUntil: string | null;
  rejected: number;
  lastRejectedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What may change on a trigger. */
export type TriggerPatch = Partial<Omit<TriggerRecord, 'id' | 'workspaceId' | 'kind' | 'createdAt' | 'rejected' | 'lastRejectedAt'>> & {
  updatedAt: string;
};

/** A firing as stored (its run's status is read from the run). */
export type FiringRecord = Omit<TriggerFiring, 'runStatus'>;

/** An outgoing webhook delivery as stored, with the body it sends. */
export interface DeliveryRecord extends WebhookDelivery {
  event: OutgoingEvent;
  payload: string;
}

/**
 * Triggers, their firings, incoming webhook receipts, host leases and outgoing deliveries.
 * Reads a person can reach take the workspace id; the scheduler and the webhook route read by id.
 */
export interface TriggerRepository {
  list(workspaceId: string): TriggerRecord[];
  get(workspaceId: string, triggerId: string): TriggerRecord | undefined;
  /** A trigger of any workspace (the webhook route and the scheduler know only its id). */
  find(triggerId: string): TriggerRecord | undefined;
  /** Enabled schedule triggers of every workspace. */
  enabledSchedules(): TriggerRecord[];
  insert(record: TriggerRecord): void;
  update(workspaceId: string, triggerId: string, patch: TriggerPatch): boolean;
  delete(workspaceId: string, triggerId: string): boolean;
  /** Moves the schedule cursor forward (never back). */
  advanceCursor(triggerId: string, to: string): void;
  /** Counts a request refused for its signature; nothing else about it is kept. */
  countRejected(triggerId: string, at: string): void;

  /** False when this trigger already has a firing for `scheduledFor` (another host made it first). */
  insertFiring(firing: FiringRecord): boolean;
  updateFiring(firingId: string, patch: Partial<Pick<FiringRecord, 'status' | 'runId' | 'error'>>): void;
  firing(firingId: string): TriggerFiring | undefined;
  firings(workspaceId: string, filter: { triggerId?: string; limit: number }): TriggerFiring[];
  lastFiredAt(triggerId: string): string | null;

  /** Records a delivery key; false when it was seen before (a replay). All keys land, or none. */
  recordReceipt(triggerId: string, keys: readonly string[], at: string): boolean;
  pruneReceipts(before: string): void;

  /** Takes or renews the named lease if it is free, expired or already ours; true when we hold it. */
  acquireLease(name: string, holder: string, nowMs: number, ttlMs: number): boolean;
  releaseLease(name: string, holder: string): void;

  insertDelivery(delivery: DeliveryRecord): void;
  updateDelivery(
    deliveryId: string,
    patch: Partial<Pick<DeliveryRecord, 'status' | 'attempts' | 'responseStatus' | 'error' | 'nextAttemptAt'>> & { updatedAt: string },
  ): void;
  deliveries(workspaceId: string, limit: number): WebhookDelivery[];
  pendingDeliveries(): DeliveryRecord[];
}
