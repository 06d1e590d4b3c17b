import type { StepRun, StepStatus } from '../api';
import type { RunEventRow } from '../store/run-repository';
import type { RunServices } from './run-services';

/** A step.status change: its row of the event log, and what is emitted once that row is committed. */
class StatusEvent implements RunEventRow {
  readonly type = 'step.status';
  constructor(
    readonly seq: number,
    readonly at: string,
    readonly stepId: string,
    readonly attempt: number,
    readonly status: StepStatus,
    readonly error: string | null,
    readonly cacheHit: boolean,
    /** A map step's number of items: emitted, not stored. */
    readonly itemCount: number | undefined,
  ) {}

  /** Made when the row is written, so a queued change holds no payload object of its own. */
  get payload(): { status: StepStatus; error: string | null; cacheHit: boolean } {
    return { status: this.status, error: this.error, cacheHit: this.cacheHit };
  }
}

/** What waits for a commit: a status change to emit, or anything else (an event, starting an agent). */
type AfterCommit = StatusEvent | (() => void);

/**
 * What one run writes and emits, one journal commit at a time: the steps changed since the last commit
 * (each saved once, with its whole state), the event log rows in seq order, and what may happen only once
 * they are durable — emitting events, starting an agent that is not safe to repeat — in the order it was
 * asked for. One journal write per commit, whatever the number of changes, and no closure per change.
 */
export class RunRecorder {
  private dirty = new Set<StepRun>();
  private events: RunEventRow[] = [];
  private after: AfterCommit[] = [];
  /** Set while this run's write is queued for the next commit. */
  private scheduled = false;
  /** What the commit in progress writes and lets happen; kept whole in case the journal writes it again alone. */
  private takenDirty: Set<StepRun> | null = null;
  private takenEvents: RunEventRow[] = [];
  private takenAfter: AfterCommit[] = [];
  private seq: number;

  constructor(
    private readonly services: RunServices,
    private readonly runId: string,
    private readonly workspaceId: string,
    lastSeq: number,
    /** Called at the start of each commit of this run's records: the last chance to record something in it. */
    private readonly beforeCommit: () => void,
  ) {
    this.seq = lastSeq;
  }

  /** Event log rows waiting for the next commit. */
  get pending(): number {
    return this.events.length;
  }

  /** Records a step's new state and its step.status event; `then` runs once they are committed. */
  status(state: StepRun, itemCount: number | undefined, then?: () => void): void {
    this.schedule();
    this.dirty.add(state);
    const event = new StatusEvent(++this.seq, this.services.now(), state.stepId, state.attempt, state.status, state.error, state.cacheHit, itemCount);
    this.events.push(event);
    this.after.push(event);
    if (then) this.after.push(then);
  }

  /** Saves a step's state in the next commit, with no event of its own. */
  save(state: StepRun): void {
    this.schedule();
    this.dirty.add(state);
  }

  /** Appends an event to the log; `then` runs once it is committed. */
  event(type: string, stepId: string | null, attempt: number | null, payload: unknown, then?: () => void): void {
    this.schedule();
    this.events.push({ seq: ++this.seq, at: this.services.now(), type, stepId, attempt, payload });
    if (then) this.after.push(then);
  }

  /** Runs `then` after everything recorded so far is committed, in order with this run's emissions. */
  afterCommit(then: () => void): void {
    this.schedule();
    this.after.push(then);
  }

  /** Makes sure the next commit calls {@link beforeCommit}, even if nothing else is recorded by then. */
  touch(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.services.journal.write(this.write, this.emit);
  }

  private readonly write = (): void => {
    if (this.takenDirty === null) {
      this.beforeCommit();
      this.takenDirty = this.dirty;
      this.takenEvents = this.events;
      this.takenAfter = this.after;
      this.dirty = new Set();
      this.events = [];
      this.after = [];
      // From here on, what is recorded goes to the next commit.
      this.scheduled = false;
    }
    const runs = this.services.store.runs;
    for (const state of this.takenDirty) runs.saveStep(this.runId, state);
    if (this.takenEvents.length > 0) runs.appendEvents(this.runId, this.takenEvents);
  };

  private readonly emit = (): void => {
    const after = this.takenAfter;
    this.takenDirty = null;
    this.takenEvents = [];
    this.takenAfter = [];
    const bus = this.services.bus;
    for (const entry of after) {
      if (typeof entry === 'function') {
        entry();
        continue;
      }
      const payload: {
        workspaceId: string;
        runId: string;
        stepId: string;
        status: StepStatus;
        attempt: number;
        cacheHit: boolean;
        error: string | null;
        itemCount?: number;
      } = {
        workspaceId: this.workspaceId,
        runId: this.runId,
        stepId: entry.stepId,
        status: entry.status,
        attempt: entry.attempt,
        cacheHit: entry.cacheHit,
        error: entry.error,
      };
      if (entry.itemCount !== undefined) payload.itemCount = entry.itemCount;
      bus.emit('step.status', payload);
    }
  };
}
