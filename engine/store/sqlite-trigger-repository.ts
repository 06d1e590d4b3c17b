import type Database from 'better-sqlite3';
import { CatchUp, TriggerRunOptions, TriggerTarget, type TriggerFiring, type WebhookDelivery } from '../api';
import type { DeliveryRecord, TriggerPatch, TriggerRecord, TriggerRepository } from './trigger-repository';

interface TriggerRow {
  id: string;
  workspace_id: string;
  name: string;
  kind: TriggerRecord['kind'];
  enabled: number;
  target: string;
  options: string;
  cron: string | null;
  phrase: string | null;
  time_zone: string | null;
  catch_up: string | null;
  schedule_cursor: string | null;
  secret: string | null;
  previous_secret: string | null;
  previous_secret_until: string | null;
  rejected: number;
  last_rejected_at: string | null;
  created_at: string;
  updated_at: string;
}
interface FiringRow {
  id: string;
  trigger_id: string;
  workspace_id: string;
  source: TriggerFiring['source'];
  scheduled_for: string | null;
  fired_at: string;
  status: TriggerFiring['status'];
  run_id: string | null;
  error: string | null;
  delivery_id: string | null;
  run_status: TriggerFiring['runStatus'];
}
interface DeliveryRow {
  id: string;
  workspace_id: string;
  event: DeliveryRecord['event'];
  url: string;
  payload: string;
  status: DeliveryRecord['status'];
  attempts: number;
  response_status: number | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  next_attempt_at: string | null;
}

const toTrigger = (row: TriggerRow): TriggerRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  name: row.name,
  kind: row.kind,
  enabled: row.enabled === 1,
  target: TriggerTarget.parse(JSON.parse(row.target)),
  options: TriggerRunOptions.parse(JSON.parse(row.options)),
  cron: row.cron,
  phrase: row.phrase,
  timeZone: row.time_zone,
  catchUp: row.catch_up === null ? null : CatchUp.parse(JSON.parse(row.catch_up)),
  scheduleCursor: row.schedule_cursor,
  secret: row.secret,
  previousSecret: row.previous_secret,
  previousSecretUntil: row.previous_secret_until,
  rejected: row.rejected,
  lastRejectedAt: row.last_rejected_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toFiring = (row: FiringRow): TriggerFiring => ({
  id: row.id,
  triggerId: row.trigger_id,
  workspaceId: row.workspace_id,
  source: row.source,
  scheduledFor: row.scheduled_for,
  firedAt: row.fired_at,
  status: row.status,
  runId: row.run_id,
  runStatus: row.run_status ?? null,
  error: row.error,
  deliveryId: row.delivery_id,
});

const toDelivery = (row: DeliveryRow): DeliveryRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  event: row.event,
  url: row.url,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  responseStatus: row.response_status,
  error: row.error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  nextAttemptAt: row.next_attempt_at,
});

/** Column names of the fields a {@link TriggerPatch} may set, and how each is written. */
const PATCH_COLUMNS: { [K in keyof TriggerPatch]-?: [string, (value: NonNullable<TriggerPatch>[K]) => unknown] } = {
  name: ['name', (value) => value],
  enabled: ['enabled', (value) => (value ? 1 : 0)],
  target: ['target', (value) => JSON.stringify(value)],
  options: ['options', (value) => JSON.stringify(value)],
  cron: ['cron', (value) => value],
  phrase: ['phrase', (value) => value],
  timeZone: ['time_zone', (value) => value],
  catchUp: ['catch_up', (value) => (value === null ? null : JSON.stringify(value))],
  scheduleCursor: ['schedule_cursor', (value) => value],
  secret: ['secret', (value) => value],
  previousSecret: ['previous_secret', (value) => value],
  previousSecretUntil: ['previous_secret_until', (value) => value],
  updatedAt: ['updated_at', (value) => value],
};

const FIRING_COLUMNS = `f.*, r.status AS run_status`;

/** The SQLite adapter of {@link TriggerRepository}; statements are prepared once and reused. */
export function createSqliteTriggerRepository(db: Database.Database): TriggerRepository {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let prepared = statements.get(sql);
    if (!prepared) statements.set(sql, (prepared = db.prepare(sql)));
    return prepared;
  };

  return {
    list: (workspaceId) =>
      (prepare('SELECT * FROM triggers WHERE workspace_id = ? ORDER BY name, created_at').all(workspaceId) as TriggerRow[]).map(toTrigger),
    get: (workspaceId, triggerId) => {
      const row = prepare('SELECT * FROM triggers WHERE workspace_id = ? AND id = ?').get(workspaceId, triggerId) as TriggerRow | undefined;
      return row && toTrigger(row);
    },
    find: (triggerId) => {
      const row = prepare('SELECT * FROM triggers WHERE id = ?').get(triggerId) as TriggerRow | undefined;
      return row && toTrigger(row);
    },
    enabledSchedules: () =>
      (prepare("SELECT * FROM triggers WHERE kind = 'schedule' AND enabled = 1 ORDER BY created_at").all() as TriggerRow[]).map(toTrigger),
    insert: (record) => {
      prepare(
        `INSERT INTO triggers (id, workspace_id, name, kind, enabled, target, options, cron, phrase, time_zone, catch_up,
           schedule_cursor, secret, previous_secret, previous_secret_until, rejected, last_rejected_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        record.id,
        record.workspaceId,
        record.name,
        record.kind,
        record.enabled ? 1 : 0,
        JSON.stringify(record.target),
        JSON.stringify(record.options),
        record.cron,
        record.phrase,
        record.timeZone,
        record.catchUp === null ? null : JSON.stringify(record.catchUp),
        record.scheduleCursor,
        record.secret,
        record.previousSecret,
        record.previousSecretUntil,
        record.rejected,
        record.lastRejectedAt,
        record.createdAt,
        record.updatedAt,
      );
    },
    update: (workspaceId, triggerId, patch) => {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        const column = PATCH_COLUMNS[key as keyof TriggerPatch];
        sets.push(`${column[0]} = ?`);
        // Each writer takes the type of its own field; the table above pairs them.
        values.push((column[1] as (input: unknown) => unknown)(value));
      }
      return prepare(`UPDATE triggers SET ${sets.join(', ')} WHERE workspace_id = ? AND id = ?`).run(...values, workspaceId, triggerId).changes === 1;
    },
    delete: (workspaceId, triggerId) => prepare('DELETE FROM triggers WHERE workspace_id = ? AND id = ?').run(workspaceId, triggerId).changes === 1,
    advanceCursor: (triggerId, to) => {
      prepare('UPDATE triggers SET schedule_cursor = ? WHERE id = ? AND (schedule_cursor IS NULL OR schedule_cursor < ?)').run(to, triggerId, to);
    },
    countRejected: (triggerId, at) => {
      prepare('UPDATE triggers SET rejected = rejected + 1, last_rejected_at = ? WHERE id = ?').run(at, triggerId);
    },

    insertFiring: (firing) =>
      prepare(
        `INSERT OR IGNORE INTO trigger_firings (id, trigger_id, workspace_id, source, scheduled_for, fired_at, status, run_id, error, delivery_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        firing.id,
        firing.triggerId,
        firing.workspaceId,
        firing.source,
        firing.scheduledFor,
        firing.firedAt,
        firing.status,
        firing.runId,
        firing.error,
        firing.deliveryId,
      ).changes === 1,
    updateFiring: (firingId, patch) => {
      prepare(
        `UPDATE trigger_firings SET status = COALESCE(?, status), run_id = COALESCE(?, run_id), error = COALESCE(?, error) WHERE id = ?`,
      ).run(patch.status ?? null, patch.runId ?? null, patch.error ?? null, firingId);
    },
    firing: (firingId) => {
      const row = prepare(`SELECT ${FIRING_COLUMNS} FROM trigger_firings f LEFT JOIN runs r ON r.id = f.run_id WHERE f.id = ?`).get(firingId) as
        | FiringRow
        | undefined;
      return row && toFiring(row);
    },
    firings: (workspaceId, { triggerId, limit }) =>
      (
        (triggerId
          ? prepare(
              `SELECT ${FIRING_COLUMNS} FROM trigger_firings f LEFT JOIN runs r ON r.id = f.run_id
               WHERE f.workspace_id = ? AND f.trigger_id = ? ORDER BY f.fired_at DESC, f.rowid DESC LIMIT ?`,
            ).all(workspaceId, triggerId, limit)
          : prepare(
              `SELECT ${FIRING_COLUMNS} FROM trigger_firings f LEFT JOIN runs r ON r.id = f.run_id
               WHERE f.workspace_id = ? ORDER BY f.fired_at DESC, f.rowid DESC LIMIT ?`,
            ).all(workspaceId, limit)) as FiringRow[]
      ).map(toFiring),
    lastFiredAt: (triggerId) => {
      const row = prepare("SELECT MAX(fired_at) AS at FROM trigger_firings WHERE trigger_id = ? AND status != 'skipped'").get(triggerId) as {
        at: string | null;
      };
      return row.at;
    },

    recordReceipt: (triggerId, keys, at) => {
      const insert = prepare('INSERT OR IGNORE INTO webhook_receipts (trigger_id, key, received_at) VALUES (?, ?, ?)');
      try {
        db.transaction(() => {
          for (const key of keys) if (insert.run(triggerId, key, at).changes === 0) throw new ReplayError();
        }).immediate();
        return true;
      } catch (error) {
        if (error instanceof ReplayError) return false;
        throw error;
      }
    },
    pruneReceipts: (before) => {
      prepare('DELETE FROM webhook_receipts WHERE received_at < ?').run(before);
    },

    acquireLease: (name, holder, nowMs, ttlMs) =>
      prepare(
        `INSERT INTO host_leases (name, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE host_leases.holder = excluded.holder OR host_leases.expires_at <= ?`,
      ).run(name, holder, nowMs + ttlMs, nowMs).changes === 1,
    releaseLease: (name, holder) => {
      prepare('DELETE FROM host_leases WHERE name = ? AND holder = ?').run(name, holder);
    },

    insertDelivery: (delivery) => {
      prepare(
        `INSERT INTO webhook_deliveries (id, workspace_id, event, url, payload, status, attempts, response_status, error, created_at, updated_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        delivery.id,
        delivery.workspaceId,
        delivery.event,
        delivery.url,
        delivery.payload,
        delivery.status,
        delivery.attempts,
        delivery.responseStatus,
        delivery.error,
        delivery.createdAt,
        delivery.updatedAt,
        delivery.nextAttemptAt,
      );
    },
    updateDelivery: (deliveryId, patch) => {
      prepare(
        `UPDATE webhook_deliveries SET status = COALESCE(?, status), attempts = COALESCE(?, attempts),
           response_status = ?, error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`,
      ).run(
        patch.status ?? null,
        patch.attempts ?? null,
        patch.responseStatus ?? null,
        patch.error ?? null,
        patch.nextAttemptAt ?? null,
        patch.updatedAt,
        deliveryId,
      );
    },
    deliveries: (workspaceId, limit) =>
      (
        prepare('SELECT * FROM webhook_deliveries WHERE workspace_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(
          workspaceId,
          limit,
        ) as DeliveryRow[]
      ).map((row): WebhookDelivery => {
        const { payload: _payload, ...delivery } = toDelivery(row);
        return delivery;
      }),
    pendingDeliveries: () =>
      (prepare("SELECT * FROM webhook_deliveries WHERE status = 'pending' ORDER BY created_at").all() as DeliveryRow[]).map(toDelivery),
  };
}

/** Thrown inside the receipt transaction to roll back the keys of a replayed delivery. */
class ReplayError extends Error {}
