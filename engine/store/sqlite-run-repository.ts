import type Database from 'better-sqlite3';
import type { RunEventRow, RunRepository, StepRunPatch } from './run-repository';
import {
  EVENT_BATCH,
  eventChunks,
  parseEventChunk,
  json,
  placeholders,
  stepColumns,
  toApproval,
  toRecord,
  toStep,
  toSummaryFields,
  SUMMARY_COLUMNS,
  type ApprovalRow,
  type RunRow,
  type RunSummaryRow,
  type StepRow,
} from './sqlite-run-rows';
import { pendingStepRun, type RunSummary, type StepRun, type StepStatus } from '../api';

/** A step's record before it ever ran: such a step has no row (see migration 0008). */
const neverRan = (step: StepRun): boolean =>
  step.status === 'pending' &&
  step.attempt === 0 &&
  step.input == null &&
  step.output == null &&
  step.error === null &&
  !step.cacheHit &&
  step.startedAt === null &&
  step.endedAt === null &&
  step.tokens === 0 &&
  step.costUsd === 0 &&
  step.waitingReason === null;

/** Rows of `columns` values, inserted {@link EVENT_BATCH} at a time by one statement (one prepared statement per row count). */
class RowBatch {
  /** Reused from batch to batch: better-sqlite3 binds the values before `run` returns. */
  private readonly values: unknown[];
  private length = 0;
  constructor(
    private readonly columns: number,
    private readonly insert: (rows: number) => Database.Statement,
  ) {
    this.values = new Array<unknown>(columns * EVENT_BATCH);
  }

  add(...row: unknown[]): void {
    for (const value of row) this.values[this.length++] = value;
    if (this.length === this.values.length) this.flush();
  }

  flush(): void {
    if (this.length === 0) return;
    const rows = this.length / this.columns;
    this.insert(rows).run(this.length === this.values.length ? this.values : this.values.slice(0, this.length));
    this.length = 0;
  }
}

/** `column = ?` terms (joined with AND) for the filters that are set, and their values in order. */
function filterBy(filters: [column: string, value: string | undefined][]): { where: string; values: string[] } {
  const set = filters.filter((filter): filter is [string, string] => Boolean(filter[1]));
  return { where: set.map(([column]) => `${column} = ?`).join(' AND '), values: set.map(([, value]) => value) };
}

/** The SQLite side of {@link RunRepository}; statements are prepared once and reused (the engine's hot path). */
export function createSqliteRunRepository(db: Database.Database): RunRepository {
  const statements = new Map<string, Database.Statement>();
  const statement = (sql: string): Database.Statement => {
    let prepared = statements.get(sql);
    if (!prepared) statements.set(sql, (prepared = db.prepare(sql)));
    return prepared;
  };

  // A step's first save writes its row; later ones overwrite it.
  const saveStepSql = `INSERT INTO step_runs (status, attempt, input, output, error, cache_hit, started_at, ended_at, tokens, cost_usd, waiting_reason, run_id, step_id, agent_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt, input = excluded.input,
       output = excluded.output, error = excluded.error, cache_hit = excluded.cache_hit, started_at = excluded.started_at,
       ended_at = excluded.ended_at, tokens = excluded.tokens, cost_usd = excluded.cost_usd, waiting_reason = excluded.waiting_reason`;

  const summarize = (row: RunSummaryRow): RunSummary => {
    const summary = toSummaryFields(row);
    // Map items (`STEP[i]`) are counted on their map step, not as steps of the plan.
    const counts = statement(
      "SELECT status, COUNT(*) AS count FROM step_runs WHERE run_id = ? AND instr(step_id, '[') = 0 GROUP BY status",
    ).all(row.id) as {
      status: StepStatus;
      count: number;
    }[];
    const stepCounts = { pending: 0, ready: 0, running: 0, waiting_approval: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0 };
    let written = 0;
    for (const count of counts) {
      stepCounts[count.status] = count.count;
      written += count.count;
    }
    // The steps with no row have not run yet.
    stepCounts.pending += Math.max(0, row.step_count - written);
    return { ...summary, stepCounts };
  };

  return {
    insert(run, steps) {
      statement(
        `INSERT INTO runs (id, workspace_id, plan_id, plan_version, title, graph, options, status, trigger, created_at, started_at, ended_at, error, step_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        run.id,
        run.workspaceId,
        run.planId,
        run.planVersion,
        run.title,
        JSON.stringify(run.graph),
        JSON.stringify(run.options),
        run.status,
        run.trigger,
        run.createdAt,
        run.startedAt,
        run.endedAt,
        run.error,
        run.graph.steps.length,
      );
      // A step that never ran gets no row (its record is implied by the plan); the others, many rows per statement.
      const rows = new RowBatch(14, (count) =>
        statement(
          `INSERT INTO step_runs (run_id, step_id, agent_id, status, attempt, input, output, error, cache_hit, started_at, ended_at, tokens, cost_usd, waiting_reason)
           VALUES ${placeholders(count, 14)}`,
        ),
      );
      for (const step of steps) {
        if (neverRan(step)) continue;
        rows.add(
          run.id,
          step.stepId,
          step.agentId,
          step.status,
          step.attempt,
          json(step.input),
          json(step.output),
          step.error,
          step.cacheHit ? 1 : 0,
          step.startedAt,
          step.endedAt,
          step.tokens,
          step.costUsd,
          step.waitingReason,
        );
      }
      rows.flush();
    },
    update(runId, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      if (patch.status !== undefined) {
        sets.push('status = ?');
        values.push(patch.status);
      }
      if (patch.startedAt !== undefined) {
        sets.push('started_at = ?');
        values.push(patch.startedAt);
      }
      if (patch.endedAt !== undefined) {
        sets.push('ended_at = ?');
        values.push(patch.endedAt);
      }
      if (patch.error !== undefined) {
        sets.push('error = ?');
        values.push(patch.error);
      }
      if (sets.length === 0) return;
      statement(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...values, runId);
    },
    get(workspaceId, runId) {
      const row = statement('SELECT * FROM runs WHERE workspace_id = ? AND id = ?').get(workspaceId, runId) as RunRow | undefined;
      return row && toRecord(row);
    },
    summary(workspaceId, runId) {
      const row = statement(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE workspace_id = ? AND id = ?`).get(workspaceId, runId) as RunSummaryRow | undefined;
      return row && summarize(row);
    },
    list(workspaceId, filter) {
      const { where, values } = filterBy([
        ['workspace_id', workspaceId],
        ['plan_id', filter.planId],
        ['status', filter.status],
      ]);
      const rows = statement(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE ${where} ORDER BY created_at DESC, id LIMIT ?`).all(
        ...values,
        filter.limit,
      ) as RunSummaryRow[];
      return rows.map(summarize);
    },
    unfinished() {
      const rows = statement(
        "SELECT * FROM runs WHERE status IN ('queued', 'running', 'paused', 'waiting_approval') ORDER BY created_at",
      ).all() as RunRow[];
      return rows.map(toRecord);
    },
    steps(runId) {
      const steps = (statement('SELECT * FROM step_runs WHERE run_id = ?').all(runId) as StepRow[]).map(toStep);
      const run = statement('SELECT step_count FROM runs WHERE id = ?').get(runId) as { step_count: number } | undefined;
      const written = steps.reduce((count, step) => (step.stepId.includes('[') ? count : count + 1), 0);
      if (!run || written >= run.step_count) return steps;
      // Steps that have not run yet have no row: their records come from the plan.
      const { graph } = statement('SELECT graph FROM runs WHERE id = ?').get(runId) as { graph: string };
      const have = new Set(steps.map((step) => step.stepId));
      for (const step of (JSON.parse(graph) as { steps: { id: string; agent: string }[] }).steps) {
        if (!have.has(step.id)) steps.push(pendingStepRun(step.id, step.agent));
      }
      return steps;
    },
    updateStep(runId, stepId, patch) {
      const keys = (Object.keys(patch) as (keyof StepRunPatch)[]).filter((key) => patch[key] !== undefined);
      if (keys.length === 0) return;
      const sql = `UPDATE step_runs SET ${keys.map((key) => `${stepColumns[key][0]} = ?`).join(', ')} WHERE run_id = ? AND step_id = ?`;
      statement(sql).run(...keys.map((key) => stepColumns[key][1](patch[key])), runId, stepId);
    },
    saveStep(runId, step) {
      statement(saveStepSql).run(
        step.status,
        step.attempt,
        json(step.input),
        json(step.output),
        step.error,
        step.cacheHit ? 1 : 0,
        step.startedAt,
        step.endedAt,
        step.tokens,
        step.costUsd,
        step.waitingReason,
        runId,
        step.stepId,
        step.agentId,
      );
    },
    appendEvents(runId, events) {
      // One row per chunk of the log (see migration 0007): a commit's events are one insert, not one per event.
      const insert = statement('INSERT INTO run_event_chunks (run_id, first_seq, last_seq, events) VALUES (?, ?, ?, ?)');
      for (const chunk of eventChunks(events)) insert.run(runId, chunk.firstSeq, chunk.lastSeq, chunk.text);
    },
    events(runId, afterSeq, limit, types) {
      const wanted = types && types.length > 0 ? new Set(types) : null;
      const found: RunEventRow[] = [];
      if (limit <= 0) return found;
      // With a type filter, a chunk that does not hold the type's JSON text anywhere is not read at all (the logs
      // of a big run are a few chunks among many); one that holds it only inside a payload is read and filtered.
      const typeList = wanted ? [...wanted] : [];
      const holds = typeList.length > 0 ? ` AND (${typeList.map(() => 'instr(events, ?) > 0').join(' OR ')})` : '';
      const chunks = statement(`SELECT events FROM run_event_chunks WHERE run_id = ? AND last_seq > ?${holds} ORDER BY first_seq`).iterate(
        runId,
        afterSeq,
        ...typeList.map((type) => JSON.stringify(type)),
      ) as IterableIterator<{ events: string }>;
      for (const chunk of chunks) {
        for (const event of parseEventChunk(chunk.events)) {
          if (event.seq <= afterSeq || (wanted && !wanted.has(event.type))) continue;
          found.push(event);
          if (found.length >= limit) return found;
        }
      }
      return found;
    },
    lastSeq(runId) {
      const row = statement('SELECT MAX(last_seq) AS seq FROM run_event_chunks WHERE run_id = ?').get(runId) as { seq: number | null };
      return row.seq ?? 0;
    },
    setContext(runId, key, value) {
      statement(
        'INSERT INTO run_context (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value',
      ).run(runId, key, JSON.stringify(value ?? null));
    },
    context(runId) {
      const rows = statement('SELECT key, value FROM run_context WHERE run_id = ? ORDER BY key').all(runId) as { key: string; value: string }[];
      return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
    },
    appendMessage(runId, seq, message) {
      statement('INSERT INTO run_messages (run_id, seq, from_step, to_step, body, at) VALUES (?, ?, ?, ?, ?, ?)').run(
        runId,
        seq,
        message.from,
        message.to,
        JSON.stringify(message.body ?? null),
        message.at,
      );
    },
    messages(runId) {
      const rows = statement('SELECT from_step, to_step, body, at FROM run_messages WHERE run_id = ? ORDER BY seq').all(runId) as {
        from_step: string;
        to_step: string;
        body: string;
        at: string;
      }[];
      return rows.map((row) => ({ from: row.from_step, to: row.to_step, body: JSON.parse(row.body) as unknown, at: row.at }));
    },
    insertApproval(approval) {
      statement(
        `INSERT INTO approvals (id, workspace_id, run_id, step_id, kind, reason, status, input, requested_at, decided_at, decided_by, comment, edited_input)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        approval.id,
        approval.workspaceId,
        approval.runId,
        approval.stepId,
        approval.kind,
        approval.reason,
        approval.status,
        json(approval.input),
        approval.requestedAt,
        approval.decidedAt,
        approval.decidedBy,
        approval.comment,
        json(approval.editedInput),
      );
    },
    updateApproval(id, patch) {
      statement(
        `UPDATE approvals SET status = COALESCE(?, status), decided_at = COALESCE(?, decided_at), decided_by = COALESCE(?, decided_by),
           comment = COALESCE(?, comment), edited_input = COALESCE(?, edited_input) WHERE id = ?`,
      ).run(patch.status ?? null, patch.decidedAt ?? null, patch.decidedBy ?? null, patch.comment ?? null, json(patch.editedInput), id);
    },
    approval(workspaceId, id) {
      const row = statement('SELECT * FROM approvals WHERE workspace_id = ? AND id = ?').get(workspaceId, id) as ApprovalRow | undefined;
      return row && toApproval(row);
    },
    approvals(workspaceId, filter) {
      const { where, values } = filterBy([
        ['workspace_id', workspaceId],
        ['run_id', filter.runId],
        ['status', filter.status],
      ]);
      const rows = statement(
        `SELECT * FROM approvals WHERE ${where} ORDER BY (status = 'pending') DESC, requested_at DESC`,
      ).all(...values) as ApprovalRow[];
      return rows.map(toApproval);
    },
    lease(runId) {
      const row = statement('SELECT owner, expires_at FROM run_leases WHERE run_id = ?').get(runId) as { owner: string; expires_at: number } | undefined;
      return row && { owner: row.owner, expiresAt: row.expires_at };
    },
    setLease(runId, owner, expiresAt) {
      statement(
        `INSERT INTO run_leases (run_id, owner, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
      ).run(runId, owner, expiresAt);
    },
    renewLeases(owner, expiresAt) {
      statement('UPDATE run_leases SET expires_at = ? WHERE owner = ?').run(expiresAt, owner);
    },
    releaseLease(runId, owner) {
      statement('DELETE FROM run_leases WHERE run_id = ? AND owner = ?').run(runId, owner);
    },
    releaseLeases(owner) {
      statement('DELETE FROM run_leases WHERE owner = ?').run(owner);
    },
    cacheGet(key) {
      const row = statement('SELECT output FROM step_cache WHERE key = ?').get(key) as { output: string } | undefined;
      return row && { output: JSON.parse(row.output) as unknown };
    },
    cachePut(entry) {
      statement(
        `INSERT INTO step_cache (key, agent_id, agent_version, output, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET output = excluded.output, created_at = excluded.created_at`,
      ).run(entry.key, entry.agentId, entry.agentVersion, JSON.stringify(entry.output ?? null), entry.createdAt);
    },
    cacheHit(key) {
      statement('UPDATE step_cache SET hits = hits + 1 WHERE key = ?').run(key);
    },
  };
}
