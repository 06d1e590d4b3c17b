import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TizmorError } from '../../../engine/api';
import { migrations, type Migration } from '../../../engine/store/migrations';
import { migrate } from '../../../engine/store/sqlite-migrate';
import { openSqliteStore } from '../../../engine/store/sqlite-store';
import { makeTempDir, makeWorkspace } from '../../helpers/builders';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

function memoryDb(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  open.push(db);
  return db;
}

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

function recorded(db: Database.Database): { version: number; name: string; applied_at: string }[] {
  if (!tables(db).includes('schema_version')) return [];
  return db.prepare('SELECT version, name, applied_at FROM schema_version ORDER BY version').all() as {
    version: number;
    name: string;
    applied_at: string;
  }[];
}

/** Three migrations where each needs the one before it. */
const chain: Migration[] = [
  { version: 1, name: 'people', sql: 'CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL);' },
  { version: 2, name: 'people-email', sql: 'ALTER TABLE people ADD COLUMN email TEXT;' },
  {
    version: 3,
    name: 'pets',
    sql: `CREATE TABLE pets (id INTEGER PRIMARY KEY, owner INTEGER REFERENCES people (id));
          CREATE INDEX pets_by_owner ON pets (owner);`,
  },
];

describe('migrate', () => {
  it("applies Tizmor's own migrations to an empty database and records each one", () => {
    const db = memoryDb();
    const newest = migrations.at(-1)?.version;
    expect(migrate(db, migrations)).toBe(newest);
    expect(recorded(db).map(({ version, name }) => ({ version, name }))).toEqual(
      migrations.map(({ version, name }) => ({ version, name })),
    );
    expect(tables(db)).toEqual(expect.arrayContaining(['workspaces', 'plans', 'plan_versions', 'settings', 'schema_version']));
  });

  it('0006 rebuilds step_runs keeping every row, and still refuses an unknown step status', () => {
    const db = memoryDb();
    migrate(db, migrations.filter((migration) => migration.version <= 5));
    db.prepare("INSERT INTO workspaces (id, name, is_default, created_at) VALUES ('w', 'W', 1, 't')").run();
    db.prepare(
      "INSERT INTO runs (id, workspace_id, plan_id, plan_version, title, graph, options, status, trigger, created_at) VALUES ('r', 'w', NULL, NULL, 'R', '{}', '{}', 'running', 'manual', 't')",
    ).run();
    const insert = db.prepare("INSERT INTO step_runs (run_id, step_id, agent_id, status, attempt, output) VALUES ('r', ?, 'sim', ?, ?, ?)");
    insert.run('a', 'succeeded', 1, '{"ok":true}');
    insert.run('b[0]', 'running', 2, null);
    const before = db.prepare('SELECT * FROM step_runs ORDER BY step_id').all();
    migrate(db, migrations);
    expect(db.prepare('SELECT * FROM step_runs ORDER BY step_id').all()).toEqual(before);
    expect(() => insert.run('c', 'exploded', 0, null)).toThrow(/CHECK constraint failed/);
    insert.run('c', 'waiting_approval', 0, null);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare("INSERT INTO step_runs (run_id, step_id, agent_id, status) VALUES ('no-run', 'x', 'sim', 'ready')").run()).toThrow(/FOREIGN KEY/);
  });

  it('0007 moves every event into chunks of the log, read back whole and in order, and keeps run_events readable', () => {
    const dir = makeTempDir();
    const filename = join(dir.dir, 'tizmor.sqlite');
    try {
      const db = new Database(filename);
      db.pragma('foreign_keys = ON');
      migrate(db, migrations.filter((migration) => migration.version <= 6));
      db.prepare("INSERT INTO workspaces (id, name, is_default, created_at) VALUES ('w', 'W', 1, 't')").run();
      const run = db.prepare(
        "INSERT INTO runs (id, workspace_id, plan_id, plan_version, title, graph, options, status, trigger, created_at) VALUES (?, 'w', NULL, NULL, 'R', '{\"steps\":[],\"layout\":{}}', '{}', 'completed', 'manual', 't')",
      );
      run.run('r1');
      run.run('r2');
      const event = db.prepare('INSERT INTO run_events (run_id, seq, at, type, step_id, attempt, payload) VALUES (?, ?, ?, ?, ?, ?, ?)');
      // Inserted out of order, and more than one chunk's worth for r1.
      db.transaction(() => {
        for (let seq = 2500; seq >= 1; seq--) {
          if (seq % 3 === 0) event.run('r1', seq, `t${seq}`, 'step.log', 's', 1, JSON.stringify({ level: 'info', message: `line "${seq}"` }));
          else event.run('r1', seq, `t${seq}`, 'step.status', 's', 1, '{"status":"running"}');
        }
      })();
      event.run('r2', 1, 't', 'run.status', null, null, '{"status":"completed"}');
      event.run('r2', 2, 't', 'run.note', null, null, null);
      const before = db.prepare('SELECT * FROM run_events ORDER BY run_id, seq').all();
      migrate(db, migrations);
      expect(db.prepare('SELECT run_id, COUNT(*) AS chunks FROM run_event_chunks GROUP BY run_id ORDER BY run_id').all()).toEqual([
        { run_id: 'r1', chunks: 3 },
        { run_id: 'r2', chunks: 1 },
      ]);
      expect(db.prepare('SELECT * FROM run_events ORDER BY run_id, seq').all()).toEqual(before);
      db.close();

      const store = openSqliteStore({ filename });
      try {
        const events = store.runs.events('r1', 0, 10_000);
        expect(events.map((entry) => entry.seq)).toEqual(Array.from({ length: 2500 }, (_, index) => index + 1));
        expect(events[2]).toEqual({ seq: 3, at: 't3', type: 'step.log', stepId: 's', attempt: 1, payload: { level: 'info', message: 'line "3"' } });
        expect(events[0]?.payload).toEqual({ status: 'running', error: null, cacheHit: false });
        expect(store.runs.events('r1', 998, 4).map((entry) => entry.seq)).toEqual([999, 1000, 1001, 1002]);
        expect(store.runs.lastSeq('r1')).toBe(2500);
        expect(store.runs.events('r2', 0, 10)).toEqual([
          { seq: 1, at: 't', type: 'run.status', stepId: null, attempt: null, payload: { status: 'completed' } },
          { seq: 2, at: 't', type: 'run.note', stepId: null, attempt: null, payload: null },
        ]);
      } finally {
        store.close();
      }
    } finally {
      dir.remove();
    }
  });

  it('0008 counts the plan steps of runs recorded before it (each had a row), not their map items', () => {
    const db = memoryDb();
    migrate(db, migrations.filter((migration) => migration.version <= 7));
    db.prepare("INSERT INTO workspaces (id, name, is_default, created_at) VALUES ('w', 'W', 1, 't')").run();
    const run = db.prepare(
      "INSERT INTO runs (id, workspace_id, plan_id, plan_version, title, graph, options, status, trigger, created_at) VALUES (?, 'w', NULL, NULL, 'R', '{}', '{}', 'running', 'manual', 't')",
    );
    run.run('r1');
    run.run('empty');
    const step = db.prepare("INSERT INTO step_runs (run_id, step_id, agent_id, status) VALUES ('r1', ?, 'sim', ?)");
    for (const [id, status] of [['a', 'succeeded'], ['b', 'pending'], ['each', 'running'], ['each[0]', 'succeeded'], ['each[1]', 'running']]) step.run(id, status);
    migrate(db, migrations);
    expect(db.prepare('SELECT id, step_count FROM runs ORDER BY id').all()).toEqual([
      { id: 'empty', step_count: 0 },
      { id: 'r1', step_count: 3 },
    ]);
  });

  it('0008 keeps reading a run recorded before it (a row for every step), its steps and counts as they were', () => {
    const dir = makeTempDir();
    const filename = join(dir.dir, 'tizmor.sqlite');
    try {
      const db = new Database(filename);
      db.pragma('foreign_keys = ON');
      migrate(db, migrations.filter((migration) => migration.version <= 7));
      db.prepare("INSERT INTO workspaces (id, name, is_default, created_at) VALUES ('w', 'W', 1, 't')").run();
      const graph = { steps: ['a', 'b', 'c'].map((id) => ({ id, title: id, agent: 'sim', input: {}, dependsOn: [] })), layout: {} };
      db.prepare(
        "INSERT INTO runs (id, workspace_id, plan_id, plan_version, title, graph, options, status, trigger, created_at) VALUES ('old', 'w', NULL, NULL, 'R', ?, '{}', 'running', 'manual', 't')",
      ).run(JSON.stringify(graph));
      const step = db.prepare("INSERT INTO step_runs (run_id, step_id, agent_id, status, attempt) VALUES ('old', ?, 'sim', ?, ?)");
      step.run('a', 'succeeded', 1);
      step.run('b', 'running', 1);
      step.run('c', 'pending', 0);
      db.close();

      const store = openSqliteStore({ filename });
      try {
        const steps = store.runs.steps('old').sort((x, y) => x.stepId.localeCompare(y.stepId));
        expect(steps.map((entry) => [entry.stepId, entry.status])).toEqual([
          ['a', 'succeeded'],
          ['b', 'running'],
          ['c', 'pending'],
        ]);
        expect(store.runs.summary('w', 'old')?.stepCounts).toMatchObject({ succeeded: 1, running: 1, pending: 1 });
        // A step saved after the upgrade overwrites its old row.
        store.transaction(() => store.runs.saveStep('old', { ...(steps[2] as (typeof steps)[number]), status: 'ready' }));
        expect(store.runs.summary('w', 'old')?.stepCounts).toMatchObject({ succeeded: 1, running: 1, pending: 0, ready: 1 });
      } finally {
        store.close();
      }
    } finally {
      dir.remove();
    }
  });

  it('applies migrations in order, so a later one can build on an earlier one', () => {
    const db = memoryDb();
    expect(migrate(db, chain)).toBe(3);
    db.prepare("INSERT INTO people (id, name, email) VALUES (1, 'Dana', 'dana@example.test')").run();
    db.prepare('INSERT INTO pets (id, owner) VALUES (1, 1)').run();
    expect(recorded(db).map((row) => [row.version, row.name])).toEqual([
      [1, 'people'],
      [2, 'people-email'],
      [3, 'pets'],
    ]);
    for (const row of recorded(db)) expect(Number.isNaN(Date.parse(row.applied_at))).toBe(false);
  });

  it('does not reapply migrations that are already recorded', () => {
    const db = memoryDb();
    migrate(db, chain);
    const first = recorded(db);
    db.prepare("INSERT INTO people (id, name) VALUES (1, 'Dana')").run();
    // CREATE TABLE without IF NOT EXISTS would throw if it ran again.
    expect(migrate(db, chain)).toBe(3);
    expect(recorded(db)).toEqual(first);
    expect(db.prepare('SELECT name FROM people').all()).toEqual([{ name: 'Dana' }]);
  });

  it('applies only the migrations newer than the database', () => {
    const db = memoryDb();
    migrate(db, chain.slice(0, 1));
    db.prepare("INSERT INTO people (id, name) VALUES (1, 'Dana')").run();
    expect(migrate(db, chain)).toBe(3);
    expect(recorded(db).map((row) => row.version)).toEqual([1, 2, 3]);
    expect(db.prepare('SELECT name, email FROM people').all()).toEqual([{ name: 'Dana', email: null }]);
  });

  it('runs all pending migrations in one transaction: a broken one leaves no table of any of them', () => {
    const db = memoryDb();
    const broken: Migration[] = [
      ...chain.slice(0, 2),
      { version: 3, name: 'broken', sql: 'CREATE TABLE half_done (id INTEGER); CREATE TABLE oops (id INTEGR PRIMARY KEY,);' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(tables(db)).toEqual([]);
    expect(recorded(db)).toEqual([]);
  });

  it('leaves an already migrated database as it was when a later migration breaks', () => {
    const db = memoryDb();
    migrate(db, chain.slice(0, 1));
    const broken: Migration[] = [
      chain[0] as Migration,
      chain[1] as Migration,
      { version: 3, name: 'broken', sql: 'CREATE TABLE half_done (id INTEGER); SELECT * FROM no_such_table;' },
    ];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(tables(db)).toEqual(['people', 'schema_version']);
    expect(recorded(db).map((row) => row.version)).toEqual([1]);
    const columns = (db.prepare('PRAGMA table_info(people)').all() as { name: string }[]).map((column) => column.name);
    expect(columns).toEqual(['id', 'name']);
  });

  it('refuses a database written by a newer build with a clear error, and leaves it untouched', () => {
    const db = memoryDb();
    migrate(db, chain);
    db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (7, 'from-the-future', '2030-01-01T00:00:00.000Z')").run();
    db.exec('CREATE TABLE future_table (id INTEGER)');
    const before = { tables: tables(db), recorded: recorded(db) };

    let error: unknown;
    try {
      migrate(db, chain);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TizmorError);
    expect((error as TizmorError).code).toBe('conflict');
    expect((error as TizmorError).message).toMatch(/newer Tizmor/);
    expect((error as TizmorError).message).toContain('schema 7');
    expect((error as TizmorError).message).toContain('up to 3');
    expect({ tables: tables(db), recorded: recorded(db) }).toEqual(before);
  });
});

describe('openSqliteStore and migrations on a data file', () => {
  const temps: (() => void)[] = [];
  afterEach(() => {
    for (const remove of temps.splice(0)) remove();
  });

  it('migrates once: reopening keeps the recorded versions and the data', () => {
    const temp = makeTempDir();
    temps.push(temp.remove);
    const filename = join(temp.dir, 'tizmor.sqlite');
    const first = openSqliteStore({ filename });
    first.workspaces.insert(makeWorkspace('w1', { isDefault: true }));
    first.close();

    const peek = new Database(filename, { readonly: true });
    const applied = recorded(peek);
    peek.close();

    const second = openSqliteStore({ filename });
    expect(second.schemaVersion).toBe(migrations.at(-1)?.version);
    expect(second.workspaces.list().map((workspace) => workspace.id)).toEqual(['w1']);
    second.close();

    const after = new Database(filename, { readonly: true });
    expect(recorded(after)).toEqual(applied);
    after.close();
  });

  it('refuses to open a data file from a newer build and does not change the file', () => {
    const temp = makeTempDir();
    temps.push(temp.remove);
    const filename = join(temp.dir, 'tizmor.sqlite');
    const store = openSqliteStore({ filename });
    store.workspaces.insert(makeWorkspace('w1', { isDefault: true }));
    store.close();
    const raw = new Database(filename);
    raw.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', '2030-01-01T00:00:00.000Z')").run();
    raw.close();
    const digest = () => createHash('sha256').update(readFileSync(filename)).digest('hex');
    const before = digest();

    expect(() => openSqliteStore({ filename })).toThrow(/newer Tizmor \(schema 999/);

    expect(digest()).toBe(before);
    const check = new Database(filename, { readonly: true });
    expect(recorded(check).map((row) => row.version)).toEqual([...migrations.map((migration) => migration.version), 999]);
    expect(check.prepare('SELECT id FROM workspaces').all()).toEqual([{ id: 'w1' }]);
    check.close();
  });

  // BUG (engine/store/sqlite-store.ts:74): `journal_mode = WAL` is set before `migrate` checks the
  // schema version, so a refused newer database that used another journal mode is rewritten to WAL.
  it('does not switch a refused newer database to WAL', () => {
    const temp = makeTempDir();
    temps.push(temp.remove);
    const filename = join(temp.dir, 'tizmor.sqlite');
    const raw = new Database(filename);
    raw.exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
              INSERT INTO schema_version VALUES (999, 'future', '2030-01-01T00:00:00.000Z');`);
    raw.close();
    const digest = () => createHash('sha256').update(readFileSync(filename)).digest('hex');
    const before = digest();
    expect(() => openSqliteStore({ filename })).toThrow(/newer Tizmor/);
    expect(digest()).toBe(before);
  });
});
