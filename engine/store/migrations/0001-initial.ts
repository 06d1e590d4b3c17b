import type { Migration } from './migration';

/** Workspaces, plans, immutable plan versions and workspace settings. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE workspaces (
      id         TEXT PRIMARY KEY,
      name       TEXT NOT NULL,
      is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
      created_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX workspaces_one_default ON workspaces (is_default) WHERE is_default = 1;

    CREATE TABLE plans (
      id           TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      title        TEXT NOT NULL,
      request      TEXT,
      head_version INTEGER NOT NULL CHECK (head_version >= 1),
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL,
      UNIQUE (id, workspace_id)
    );
    CREATE INDEX plans_by_workspace ON plans (workspace_id, updated_at DESC);

    CREATE TABLE plan_versions (
      id           TEXT PRIMARY KEY,
      plan_id      TEXT NOT NULL,
      workspace_id TEXT NOT NULL,
      number       INTEGER NOT NULL CHECK (number >= 1),
      parent_id    TEXT REFERENCES plan_versions (id),
      author       TEXT NOT NULL CHECK (author IN ('planner', 'user', 'replanner')),
      message      TEXT NOT NULL,
      graph        TEXT NOT NULL,
      step_count   INTEGER NOT NULL,
      content_hash TEXT NOT NULL,
      created_at   TEXT NOT NULL,
      UNIQUE (plan_id, number),
      FOREIGN KEY (plan_id, workspace_id) REFERENCES plans (id, workspace_id) ON DELETE CASCADE
    );

    CREATE TABLE settings (
      workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      key          TEXT NOT NULL,
      value        TEXT NOT NULL,
      PRIMARY KEY (workspace_id, key)
    );
  `,
};
