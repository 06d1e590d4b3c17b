import type { Store } from '../store/store';

/**
 * Group commit for the run engine. Writes queued in one turn of the event loop are committed in
 * one SQLite transaction; what must happen only after they are durable (emitting events,
 * starting an agent) runs after the commit, in order.
 */
export class Journal {
  private writes: (() => void)[] = [];
  private afterCommit: (() => void)[] = [];
  private scheduled = false;
  private closed = false;
  /** When the oldest write or callback still waiting for a commit was queued (`performance.now()`). */
  private since = 0;

  /** Drops every later write: the store is closing. What is not committed by now is recovered at the next start. */
  close(): void {
    this.flush();
    this.closed = true;
    this.writes = [];
    this.afterCommit = [];
  }

  constructor(
    private readonly store: Store,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Queues `write` for the next commit; `then` runs once it is committed. */
  write(write: () => void, then?: () => void): void {
    if (this.closed) return;
    this.noteFirst();
    this.writes.push(write);
    if (then) this.afterCommit.push(then);
    this.schedule();
  }

  /** Writes queued and not yet committed. */
  get pending(): number {
    return this.writes.length;
  }

  /** How long the oldest write still waiting for a commit has waited, in milliseconds (0 when none waits). */
  age(): number {
    return this.writes.length > 0 || this.afterCommit.length > 0 ? performance.now() - this.since : 0;
  }

  /** Starts the clock of {@link age} when something is queued with nothing else waiting. */
  private noteFirst(): void {
    if (this.writes.length === 0 && this.afterCommit.length === 0) this.since = performance.now();
  }

  /** Runs `then` after everything queued so far is committed. */
  afterWrites(then: () => void): void {
    if (this.closed) return;
    this.noteFirst();
    this.afterCommit.push(then);
    this.schedule();
  }

  /** Commits now (used before a host stops). */
  flush(): void {
    while (this.writes.length > 0 || this.afterCommit.length > 0) {
      const writes = this.writes;
      const after = this.afterCommit;
      this.writes = [];
      this.afterCommit = [];
      try {
        if (writes.length > 0) {
          this.store.transaction(() => {
            for (const write of writes) write();
          });
        }
      } catch {
        // One bad write must not take the others down: commit them one by one, report the ones that fail,
        // and go on, so the runs keep moving (a failed write is logged, not silently retried forever).
        for (const write of writes) {
          try {
            this.store.transaction(write);
          } catch (error) {
            this.onFailure(error);
          }
        }
      }
      for (const then of after) then();
    }
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
