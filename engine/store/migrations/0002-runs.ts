import type { Migration } from './migration';

/** Runs, their steps, the append-only event log, shared context, messages, approvals and the step cache. */
export const migration0002: Migration = {
  version: 2,
  name: 'runs',
  sql: `
    CREATE TABLE runs (
      id           TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      plan_id      TEXT,
      plan_version INTEGER,
      title        TEXT NOT NULL,
      graph        TEXT NOT NULL,
      options      TEXT NOT NULL,
      status       TEXT NOT NULL CHECK (status IN ('queued','running','paused','waiting_approval','completed','failed','cancelled')),
      trigger      TEXT NOT NULL,
      created_at   TEXT NOT NULL,
      started_at   TEXT,
      ended_at     TEXT,
      error        TEXT
    );
    CREATE INDEX runs_by_workspace ON runs (workspace_id, created_at DESC);
    CREATE INDEX runs_by_status ON runs (status);

    CREATE TABLE step_runs (
      run_id         TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      step_id        TEXT NOT NULL,
      agent_id       TEXT NOT NULL,
      status         TEXT NOT NULL CHECK (status IN ('pending','ready','running','waiting_approval','succeeded','failed','skipped','cancelled')),
      attempt        INTEGER NOT NULL DEFAULT 0,
      input          TEXT,
      output         TEXT,
      error          TEXT,
      cache_hit      INTEGER NOT NULL DEFAULT 0,
      started_at     TEXT,
      ended_at       TEXT,
      tokens         INTEGER NOT NULL DEFAULT 0,
      cost_usd       REAL NOT NULL DEFAULT 0,
      waiting_reason TEXT,
      PRIMARY KEY (run_id, step_id)
    ) WITHOUT ROWID;

    CREATE TABLE run_events (
      run_id  TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq     INTEGER NOT NULL,
      at      TEXT NOT NULL,
      type    TEXT NOT NULL,
      step_id TEXT,
      attempt INTEGER,
      payload TEXT,
      PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE run_context (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      key    TEXT NOT NULL,
      value  TEXT NOT NULL,
      PRIMARY KEY (run_id, key)
    ) WITHOUT ROWID;

    CREATE TABLE run_messages (
      run_id    TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq       INTEGER NOT NULL,
      from_step TEXT NOT NULL,
      to_step   TEXT NOT NULL,
      body      TEXT NOT NULL,
      at        TEXT NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE approvals (
      id           TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      run_id       TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      step_id      TEXT NOT NULL,
      kind         TEXT NOT NULL CHECK (kind IN ('policy','interrupted')),
      reason       TEXT NOT NULL,
      status       TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','skipped')),
      input        TEXT,
      requested_at TEXT NOT NULL,
      decided_at   TEXT,
      decided_by   TEXT,
      comment      TEXT,
      edited_input TEXT
    );
    CREATE INDEX approvals_by_workspace ON approvals (workspace_id, status);
    CREATE INDEX approvals_by_run ON approvals (run_id, step_id);

    CREATE TABLE step_cache (
      key           TEXT PRIMARY KEY,
      agent_id      TEXT NOT NULL,
      agent_version TEXT NOT NULL,
      output        TEXT NOT NULL,
      created_at    TEXT NOT NULL,
      hits          INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
  `,
};
