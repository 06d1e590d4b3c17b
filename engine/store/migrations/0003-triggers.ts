import type { Migration } from './migration';

/**
 * Triggers (schedules and webhooks), their firings, incoming delivery ids seen, the scheduler lease
 * that keeps two hosts on one data folder from both firing, and outgoing webhook deliveries.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'triggers',
  sql: `
    CREATE TABLE triggers (
      id                        TEXT PRIMARY KEY,
      workspace_id              TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      name                      TEXT NOT NULL,
      kind                      TEXT NOT NULL CHECK (kind IN ('schedule','webhook')),
      enabled                   INTEGER NOT NULL DEFAULT 1,
      target                    TEXT NOT NULL,
      options                   TEXT NOT NULL DEFAULT '{}',
      cron                      TEXT,
      phrase                    TEXT,
      time_zone                 TEXT,
      catch_up                  TEXT,
      -- The time the schedule counts from: firings at or before it are never due.
      schedule_cursor           TEXT,
      secret                    TEXT,
      previous_secret           TEXT,
      previous_secret_until     TEXT,
      rejected                  INTEGER NOT NULL DEFAULT 0,
      last_rejected_at          TEXT,
      created_at                TEXT NOT NULL,
      updated_at                TEXT NOT NULL
    );
    CREATE INDEX triggers_by_workspace ON triggers (workspace_id, name);

    CREATE TABLE trigger_firings (
      id            TEXT PRIMARY KEY,
      trigger_id    TEXT NOT NULL REFERENCES triggers (id) ON DELETE CASCADE,
      workspace_id  TEXT NOT NULL,
      source        TEXT NOT NULL CHECK (source IN ('schedule','catch-up','webhook','test')),
      scheduled_for TEXT,
      fired_at      TEXT NOT NULL,
      status        TEXT NOT NULL CHECK (status IN ('pending','started','failed','skipped')),
      run_id        TEXT,
      error         TEXT,
      delivery_id   TEXT,
      -- One firing per schedule time, whichever host gets there first (NULLs, webhooks and tests, never collide).
      UNIQUE (trigger_id, scheduled_for)
    );
    CREATE INDEX trigger_firings_by_workspace ON trigger_firings (workspace_id, fired_at DESC);

    CREATE TABLE webhook_receipts (
      trigger_id  TEXT NOT NULL REFERENCES triggers (id) ON DELETE CASCADE,
      key         TEXT NOT NULL,
      received_at TEXT NOT NULL,
      PRIMARY KEY (trigger_id, key)
    ) WITHOUT ROWID;

    CREATE TABLE host_leases (
      name       TEXT PRIMARY KEY,
      holder     TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE webhook_deliveries (
      id               TEXT PRIMARY KEY,
      workspace_id     TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      event            TEXT NOT NULL,
      url              TEXT NOT NULL,
      payload          TEXT NOT NULL,
      status           TEXT NOT NULL CHECK (status IN ('pending','delivered','failed')),
      attempts         INTEGER NOT NULL DEFAULT 0,
      response_status  INTEGER,
      error            TEXT,
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL,
      next_attempt_at  TEXT
    );
    CREATE INDEX webhook_deliveries_by_workspace ON webhook_deliveries (workspace_id, created_at DESC);
    CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (status) WHERE status = 'pending';
  `,
};
