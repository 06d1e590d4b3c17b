import { PlanGraph, RunOptions, type Approval, type RunStatus, type RunSummary, type StepRun, type StepStatus } from '../api';
import type { RunEventRow, RunRecord, StepRunPatch } from './run-repository';

/** Rows of the run tables as SQLite returns them, and their mapping to the engine's types. */
export interface RunRow {
  id: string;
  workspace_id: string;
  plan_id: string | null;
  plan_version: number | null;
  title: string;
  graph: string;
  options: string;
  status: RunStatus;
  trigger: RunSummary['trigger'];
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  error: string | null;
  /** The number of plan steps (a step that has not run yet has no row). */
  step_count: number;
}
export interface StepRow {
  step_id: string;
  agent_id: string;
  status: StepStatus;
  attempt: number;
  input: string | null;
  output: string | null;
  error: string | null;
  cache_hit: number;
  started_at: string | null;
  ended_at: string | null;
  tokens: number;
  cost_usd: number;
  waiting_reason: string | null;
}
export interface ApprovalRow {
  id: string;
  workspace_id: string;
  run_id: string;
  step_id: string;
  kind: Approval['kind'];
  reason: string;
  status: Approval['status'];
  input: string | null;
  requested_at: string;
  decided_at: string | null;
  decided_by: string | null;
  comment: string | null;
  edited_input: string | null;
}

export const EVENT_BATCH = 64;
const placeholderCache = new Map<string, string>();
/** `(?, ?, …), (?, ?, …)` for `rows` rows of `columns` values. */
export function placeholders(rows: number, columns: number): string {
  const key = `${rows}x${columns}`;
  let text = placeholderCache.get(key);
  if (!text) {
    const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
    placeholderCache.set(key, (text = Array.from({ length: rows }, () => row).join(', ')));
  }
  return text;
}

export const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
export const parse = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

const STEP_STATUS = 'step.status';
const STATUSES = new Set<string>(['pending', 'ready', 'running', 'waiting_approval', 'succeeded', 'failed', 'skipped', 'cancelled']);

/**
 * An event's payload as stored. Most `step.status` payloads are `{status, error: null, cacheHit: false}`: those are
 * stored as `{"status":"…"}` (a third of the bytes, and no generic JSON encoding); {@link parseEventChunk} gives the
 * whole payload back, so readers of the log see the same records.
 */
export function eventPayloadText(type: string, payload: unknown): string | null {
  if (type === STEP_STATUS && payload !== null && typeof payload === 'object') {
    const { status, error, cacheHit } = payload as { status?: unknown; error?: unknown; cacheHit?: unknown };
    if (error === null && cacheHit === false && typeof status === 'string' && STATUSES.has(status) && Object.keys(payload).length === 3) {
      return `{"status":"${status}"}`;
    }
  }
  return json(payload);
}

/** The payload of a stored event, whole again (see {@link eventPayloadText}). */
function wholePayload(type: string, payload: unknown): unknown {
  if (type === STEP_STATUS && payload !== null && typeof payload === 'object' && !('error' in payload) && !('cacheHit' in payload)) {
    return { status: (payload as { status?: unknown }).status, error: null, cacheHit: false };
  }
  return payload;
}

/** At most this many events, and about this many characters, per row of `run_event_chunks`: a commit's events are
 * one row, a very big commit (or one with big payloads: logs, context values) a few. */
export const EVENT_CHUNK = 1024;
export const EVENT_CHUNK_CHARS = 256 * 1024;

/** One event as stored in a chunk: `[seq, at, type, stepId, attempt, payload]`. */
export function eventEntryText(event: RunEventRow): string {
  return `[${event.seq},${JSON.stringify(event.at)},${JSON.stringify(event.type)},${event.stepId === null ? 'null' : JSON.stringify(event.stepId)},${
    event.attempt === null ? 'null' : event.attempt
  },${eventPayloadText(event.type, event.payload) ?? 'null'}]`;
}

/**
 * The events cut into chunks as stored: each a JSON array of entries (see {@link eventEntryText}) in seq order,
 * with its first and last seq. A chunk ends at {@link EVENT_CHUNK} events or once it passes
 * {@link EVENT_CHUNK_CHARS} (a single bigger event is a chunk of its own).
 */
export function eventChunks(events: readonly RunEventRow[]): { firstSeq: number; lastSeq: number; text: string }[] {
  const chunks: { firstSeq: number; lastSeq: number; text: string }[] = [];
  let entries: string[] = [];
  let chars = 0;
  let firstSeq = 0;
  let lastSeq = 0;
  const close = () => {
    if (entries.length === 0) return;
    chunks.push({ firstSeq, lastSeq, text: `[${entries.join(',')}]` });
    entries = [];
    chars = 0;
  };
  for (const event of events) {
    const entry = eventEntryText(event);
    if (entries.length > 0 && (entries.length >= EVENT_CHUNK || chars + entry.length > EVENT_CHUNK_CHARS)) close();
    if (entries.length === 0) firstSeq = event.seq;
    entries.push(entry);
    chars += entry.length + 1;
    lastSeq = event.seq;
  }
  close();
  return chunks;
}

type StoredEvent = [seq: number, at: string, type: string, stepId: string | null, attempt: number | null, payload: unknown];

/** The events of one stored chunk (see {@link eventChunks}). */
export function parseEventChunk(text: string): RunEventRow[] {
  return (JSON.parse(text) as StoredEvent[]).map(([seq, at, type, stepId, attempt, payload]) => ({
    seq,
    at,
    type,
    stepId,
    attempt,
    payload: wholePayload(type, payload),
  }));
}

/** A run row without its graph: what a summary needs (the graph of a big plan is costly to read and parse). */
export type RunSummaryRow = Omit<RunRow, 'graph'>;
/** The columns of {@link RunSummaryRow}, for `SELECT`. */
export const SUMMARY_COLUMNS = 'id, workspace_id, plan_id, plan_version, title, options, status, trigger, created_at, started_at, ended_at, error, step_count';

export const toSummaryFields = (row: RunSummaryRow): Omit<RunSummary, 'stepCounts'> => ({
  id: row.id,
  workspaceId: row.workspace_id,
  planId: row.plan_id,
  planVersion: row.plan_version,
  title: row.title,
  status: row.status,
  trigger: row.trigger,
  simulate: (JSON.parse(row.options) as { simulate?: boolean }).simulate === true,
  createdAt: row.created_at,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  error: row.error,
});

export const toRecord = (row: RunRow): RunRecord => ({
  ...toSummaryFields(row),
  graph: PlanGraph.parse(JSON.parse(row.graph)),
  options: RunOptions.parse(JSON.parse(row.options)),
});

export const toStep = (row: StepRow): StepRun => ({
  stepId: row.step_id,
  agentId: row.agent_id,
  status: row.status,
  attempt: row.attempt,
  input: parse(row.input),
  output: parse(row.output),
  error: row.error,
  cacheHit: row.cache_hit === 1,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  tokens: row.tokens,
  costUsd: row.cost_usd,
  waitingReason: row.waiting_reason,
});

export const toApproval = (row: ApprovalRow): Approval => ({
  id: row.id,
  workspaceId: row.workspace_id,
  runId: row.run_id,
  stepId: row.step_id,
  kind: row.kind,
  reason: row.reason,
  status: row.status,
  input: parse(row.input),
  requestedAt: row.requested_at,
  decidedAt: row.decided_at,
  decidedBy: row.decided_by,
  comment: row.comment,
  editedInput: parse(row.edited_input),
});

export const stepColumns: Record<keyof StepRunPatch, [string, (value: unknown) => unknown]> = {
  status: ['status', (value) => value],
  attempt: ['attempt', (value) => value],
  input: ['input', json],
  output: ['output', json],
  error: ['error', (value) => value ?? null],
  cacheHit: ['cache_hit', (value) => (value ? 1 : 0)],
  startedAt: ['started_at', (value) => value ?? null],
  endedAt: ['ended_at', (value) => value ?? null],
  tokens: ['tokens', (value) => value],
  costUsd: ['cost_usd', (value) => value],
  waitingReason: ['waiting_reason', (value) => value ?? null],
};

