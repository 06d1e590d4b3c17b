import type { Approval, RunOptions, RunStatus, RunSummary, StepRun, StepStatus, PlanGraph } from '../api';

/** A run as stored: its summary plus what it needs to go on after a restart. */
export interface RunRecord extends Omit<RunSummary, 'stepCounts'> {
  graph: PlanGraph;
  options: RunOptions;
}

/** One entry for the append-only event log. */
export interface RunEventRow {
  seq: number;
  at: string;
  type: string;
  stepId: string | null;
  attempt: number | null;
  payload: unknown;
}

export type StepRunPatch = Partial<Omit<StepRun, 'stepId' | 'agentId'>>;

/** Runs and everything recorded about them. Reads that a person can reach take the workspace id. */
export interface RunRepository {
  insert(run: RunRecord, steps: StepRun[]): void;
  update(runId: string, patch: Partial<Pick<RunRecord, 'status' | 'startedAt' | 'endedAt' | 'error'>>): void;
  get(workspaceId: string, runId: string): RunRecord | undefined;
  summary(workspaceId: string, runId: string): RunSummary | undefined;
  list(workspaceId: string, filter: { planId?: string; status?: RunStatus; limit: number }): RunSummary[];
  /** Runs that were not finished when the host stopped (any workspace): recovery reads these. */
  unfinished(): RunRecord[];

  steps(runId: string): StepRun[];
  updateStep(runId: string, stepId: string, patch: StepRunPatch): void;
  /** Writes a step's whole state (the run engine's hot path: one statement per step per commit). */
  saveStep(runId: string, step: StepRun): void;

  appendEvents(runId: string, events: readonly RunEventRow[]): void;
  events(runId: string, afterSeq: number, limit: number, types?: readonly string[]): RunEventRow[];
  lastSeq(runId: string): number;

  setContext(runId: string, key: string, value: unknown): void;
  context(runId: string): Record<string, unknown>;
  appendMessage(runId: string, seq: number, message: { from: string; to: string; body: unknown; at: string }): void;
  messages(runId: string): { from: string; to: string; body: unknown; at: string }[];

  insertApproval(approval: Approval): void;
  updateApproval(id: string, patch: Partial<Pick<Approval, 'status' | 'decidedAt' | 'decidedBy' | 'comment' | 'editedInput'>>): void;
  approval(workspaceId: string, id: string): Approval | undefined;
  approvals(workspaceId: string, filter: { runId?: string; status?: Approval['status'] }): Approval[];

  /** The process holding a run, if any. */
  lease(runId: string): { owner: string; expiresAt: number } | undefined;
  /** Takes or extends the lease of a run (call inside a transaction after checking {@link lease}). */
  setLease(runId: string, owner: string, expiresAt: number): void;
  renewLeases(owner: string, expiresAt: number): void;
  releaseLease(runId: string, owner: string): void;
  releaseLeases(owner: string): void;

  cacheGet(key: string): { output: unknown } | undefined;
  cachePut(entry: { key: string; agentId: string; agentVersion: string; output: unknown; createdAt: string }): void;
  cacheHit(key: string): void;
}

export type { StepStatus };
