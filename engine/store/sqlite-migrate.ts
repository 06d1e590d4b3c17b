import type Database from 'better-sqlite3';
import { TizmorError } from '../api';
import type { Migration } from './migrations';

/**
 * Applies every migration newer than the database, all in one transaction, and
 * records each in `schema_version`. A database newer than this build is refused, not touched.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get() !== undefined;
  const row = hasTable ? (db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null }) : undefined;
  const current = row?.version ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new TizmorError(
      'conflict',
      `The data folder was written by a newer Tizmor (schema ${current}; this build knows up to ${newest}). Update Tizmor to open it.`,
    );
  }
  const pending = migrations.filter((migration) => migration.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of pending) {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
  }).immediate();
  return newest;
}
