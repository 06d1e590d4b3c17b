import Database from 'better-sqlite3';
import { PlanGraph, type Plan, type PlanSummary, type VersionSummary, type Workspace } from '../api';
import { migrations } from './migrations';
import { migrate } from './sqlite-migrate';
import { createSqliteRunRepository } from './sqlite-run-repository';
import { createSqliteTriggerRepository } from './sqlite-trigger-repository';
import type { JsonValue, PlanRepository, SettingsRepository, Store, WorkspaceRepository } from './store';

interface WorkspaceRow {
  id: string;
  name: string;
  is_default: number;
  created_at: string;
}
interface PlanRow {
  id: string;
  workspace_id: string;
  title: string;
  request: string | null;
  head_version: number;
  created_at: string;
  updated_at: string;
  step_count?: number;
}
interface VersionRow {
  id: string;
  plan_id: string;
  number: number;
  parent_id: string | null;
  author: VersionSummary['author'];
  message: string;
  step_count: number;
  content_hash: string;
  created_at: string;
  graph?: string;
}

const toWorkspace = (row: WorkspaceRow): Workspace => ({
  id: row.id,
  name: row.name,
  isDefault: row.is_default === 1,
  createdAt: row.created_at,
});

const toPlan = (row: PlanRow): Plan => ({
  id: row.id,
  workspaceId: row.workspace_id,
  title: row.title,
  request: row.request,
  headVersion: row.head_version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toVersionSummary = (row: VersionRow): VersionSummary => ({
  id: row.id,
  planId: row.plan_id,
  number: row.number,
  parentId: row.parent_id,
  author: row.author,
  message: row.message,
  contentHash: row.content_hash,
  stepCount: row.step_count,
  createdAt: row.created_at,
});

export interface SqliteStoreOptions {
  /** A file path, or `:memory:`. */
  filename: string;
  /** Path of a better-sqlite3 native module to load instead of the default (Electron builds its own). */
  nativeBinding?: string | undefined;
}

/** The SQLite adapter of the {@link Store} port: WAL, foreign keys on, migrations applied at open. */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const db = new Database(options.filename, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Migrate (or refuse a newer database) before switching the journal mode, so a refused file is left as it was.
    const schemaVersion = migrate(db, migrations);
    if (options.filename !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return createSqliteStore(db, schemaVersion);
  } catch (error) {
    db.close();
    throw error;
  }
}

function createSqliteStore(db: Database.Database, schemaVersion: number): Store {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let prepared = statements.get(sql);
    if (!prepared) statements.set(sql, (prepared = db.prepare(sql)));
    return prepared;
  };
  const workspaces: WorkspaceRepository = {
    list: () =>
      (prepare('SELECT * FROM workspaces ORDER BY is_default DESC, created_at, name').all() as WorkspaceRow[]).map(toWorkspace),
    get: (id) => {
      const row = prepare('SELECT * FROM workspaces WHERE id = ?').get(id) as WorkspaceRow | undefined;
      return row && toWorkspace(row);
    },
    insert: (workspace) => {
      prepare('INSERT INTO workspaces (id, name, is_default, created_at) VALUES (?, ?, ?, ?)').run(
        workspace.id,
        workspace.name,
        workspace.isDefault ? 1 : 0,
        workspace.createdAt,
      );
    },
  };

  const plans: PlanRepository = {
    list: (workspaceId) =>
      (
        db
          .prepare(
            `SELECT p.*, v.step_count FROM plans p
             JOIN plan_versions v ON v.plan_id = p.id AND v.number = p.head_version
             WHERE p.workspace_id = ? ORDER BY p.updated_at DESC, p.title`,
          )
          .all(workspaceId) as PlanRow[]
      ).map((row): PlanSummary => ({ ...toPlan(row), stepCount: row.step_count ?? 0 })),
    get: (workspaceId, planId) => {
      const row = prepare('SELECT * FROM plans WHERE workspace_id = ? AND id = ?').get(workspaceId, planId) as PlanRow | undefined;
      return row && toPlan(row);
    },
    insert: (plan) => {
      prepare(
        `INSERT INTO plans (id, workspace_id, title, request, head_version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(plan.id, plan.workspaceId, plan.title, plan.request, plan.headVersion, plan.createdAt, plan.updatedAt);
    },
    update: (workspaceId, planId, patch) => {
      const result = db
        .prepare(
          `UPDATE plans SET title = COALESCE(?, title), head_version = COALESCE(?, head_version), updated_at = ?
           WHERE workspace_id = ? AND id = ?`,
        )
        .run(patch.title ?? null, patch.headVersion ?? null, patch.updatedAt, workspaceId, planId);
      return result.changes === 1;
    },
    delete: (workspaceId, planId) =>
      prepare('DELETE FROM plans WHERE workspace_id = ? AND id = ?').run(workspaceId, planId).changes === 1,
    insertVersion: (workspaceId, version) => {
      prepare(
        `INSERT INTO plan_versions
           (id, plan_id, workspace_id, number, parent_id, author, message, graph, step_count, content_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        version.id,
        version.planId,
        workspaceId,
        version.number,
        version.parentId,
        version.author,
        version.message,
        JSON.stringify(version.graph),
        version.graph.steps.length,
        version.contentHash,
        version.createdAt,
      );
    },
    getVersion: (workspaceId, planId, number) => {
      const row = db
        .prepare('SELECT * FROM plan_versions WHERE workspace_id = ? AND plan_id = ? AND number = ?')
        .get(workspaceId, planId, number) as VersionRow | undefined;
      if (!row) return undefined;
      return { ...toVersionSummary(row), graph: PlanGraph.parse(JSON.parse(row.graph ?? '{}')) };
    },
    listVersions: (workspaceId, planId) =>
      (
        db
          .prepare(
            `SELECT id, plan_id, number, parent_id, author, message, step_count, content_hash, created_at
             FROM plan_versions WHERE workspace_id = ? AND plan_id = ? ORDER BY number DESC`,
          )
          .all(workspaceId, planId) as VersionRow[]
      ).map(toVersionSummary),
  };

  const settings: SettingsRepository = {
    all: (workspaceId) => {
      const rows = prepare('SELECT key, value FROM settings WHERE workspace_id = ? ORDER BY key').all(workspaceId) as {
        key: string;
        value: string;
      }[];
      return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as JsonValue]));
    },
    set: (workspaceId, key, value) => {
      prepare(
        `INSERT INTO settings (workspace_id, key, value) VALUES (?, ?, ?)
         ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value`,
      ).run(workspaceId, key, JSON.stringify(value));
    },
  };

  return {
    schemaVersion,
    workspaces,
    plans,
    settings,
    runs: createSqliteRunRepository(db),
    triggers: createSqliteTriggerRepository(db),
    transaction: (work) => db.transaction(work).immediate(),
    close: () => db.close(),
  };
}
