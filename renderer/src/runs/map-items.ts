import { parseItemStepId, TERMINAL_STEP_STATUSES, type StepRun, type StepStatus } from '../api/contract';

/** How far the items of one map step have come. */
export interface MapCounts {
  /** Items known: the highest index seen + 1, or the length of the map step's output once it has one. */
  total: number;
  /** Items that reached an end: succeeded, failed, skipped or cancelled. */
  done: number;
  succeeded: number;
  failed: number;
  /** Items ready, running or waiting for a person. */
  active: number;
}

/** The items of one map step as the run view knows them. */
export interface MapItems {
  /** Each item's last known state, by index; a hole where nothing is known yet. */
  runs: (StepRun | undefined)[];
  counts: MapCounts;
}

export const noCounts: MapCounts = { total: 0, done: 0, succeeded: 0, failed: 0, active: 0 };

/** The map step and index an event's step id names, or null for a plan step (cheap for plan steps). */
export function itemOf(stepId: string): { stepId: string; index: number } | null {
  return stepId.endsWith(']') ? parseItemStepId(stepId) : null;
}

const isDone = (status: StepStatus) => TERMINAL_STEP_STATUSES.includes(status);
const isActive = (status: StepStatus) => status === 'ready' || status === 'running' || status === 'waiting_approval';

function count(counts: MapCounts, status: StepStatus, by: 1 | -1): void {
  if (isDone(status)) counts.done += by;
  if (status === 'succeeded') counts.succeeded += by;
  if (status === 'failed') counts.failed += by;
  if (isActive(status)) counts.active += by;
}

/** A fresh item record for an index nothing was known about. */
export function blankItem(mapStepId: string, index: number, agentId: string): StepRun {
  return {
    stepId: `${mapStepId}[${index}]`,
    agentId,
    status: 'pending',
    attempt: 0,
    input: null,
    output: null,
    error: null,
    cacheHit: false,
    startedAt: null,
    endedAt: null,
    tokens: 0,
    costUsd: 0,
    waitingReason: null,
  };
}

/** The items of a map step from a snapshot (`runs.get` items), with their counts. */
export function mapItemsOf(runs: readonly StepRun[], outputLength?: number): MapItems {
  const byIndex: (StepRun | undefined)[] = [];
  const counts = { ...noCounts };
  for (const run of runs) {
    const index = parseItemStepId(run.stepId)?.index;
    if (index === undefined) continue;
    const before = byIndex[index];
    if (before) count(counts, before.status, -1);
    byIndex[index] = run;
    count(counts, run.status, 1);
  }
  counts.total = Math.max(byIndex.length, outputLength ?? 0);
  return { runs: byIndex, counts };
}

/**
 * Changes to the items of one map step within one frame: the first change copies the list once,
 * the next ones write into the copy, so a frame of thousands of item events costs one copy.
 */
export class MapItemsDraft {
  private runs: (StepRun | undefined)[];
  private readonly counts: MapCounts;

  constructor(private readonly base: MapItems | undefined) {
    this.runs = base ? base.runs.slice() : [];
    this.counts = { ...(base?.counts ?? noCounts) };
  }

  get(index: number): StepRun | undefined {
    return this.runs[index];
  }

  set(index: number, run: StepRun): void {
    const before = this.runs[index];
    if (before) count(this.counts, before.status, -1);
    this.runs[index] = run;
    count(this.counts, run.status, 1);
    if (index >= this.counts.total) this.counts.total = index + 1;
  }

  /** At least `total` items (the map step's output says how many there were). */
  atLeast(total: number): void {
    if (total > this.counts.total) this.counts.total = total;
  }

  done(): MapItems {
    return { runs: this.runs, counts: this.counts };
  }
}
