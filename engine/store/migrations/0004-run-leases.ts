import type { Migration } from './migration';

/** Which process is running a run, until when: two hosts on one data folder never run the same run. */
export const migration0004: Migration = {
  version: 4,
  name: 'run-leases',
  sql: `
    CREATE TABLE run_leases (
      run_id     TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
      owner      TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX run_leases_by_owner ON run_leases (owner);
  `,
};
