import type { Migration } from './migration';

/** Approvals may also be questions (`human.ask`): SQLite cannot change a CHECK, so the table is rebuilt. */
export const migration0005: Migration = {
  version: 5,
  name: 'question-approvals',
  sql: `
    CREATE TABLE approvals_next (
      id           TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      run_id       TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      step_id      TEXT NOT NULL,
      kind         TEXT NOT NULL CHECK (kind IN ('policy','interrupted','question')),
      reason       TEXT NOT NULL,
      status       TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','skipped')),
      input        TEXT,
      requested_at TEXT NOT NULL,
      decided_at   TEXT,
      decided_by   TEXT,
      comment      TEXT,
      edited_input TEXT
    );
    INSERT INTO approvals_next SELECT id, workspace_id, run_id, step_id, kind, reason, status, input, requested_at,
      decided_at, decided_by, comment, edited_input FROM approvals;
    DROP TABLE approvals;
    ALTER TABLE approvals_next RENAME TO approvals;
    CREATE INDEX approvals_by_workspace ON approvals (workspace_id, status);
    CREATE INDEX approvals_by_run ON approvals (run_id, step_id);
  `,
};
