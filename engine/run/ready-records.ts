import type { StepSlot } from './step-slot';

/**
 * A step that waits this long (ms) for a slot is written `ready`. One that starts sooner never is: nobody could
 * see it (a screen shows a frame every 16 ms), and a fast run would write every queued step twice.
 */
export const READY_SHOWN_AFTER_MS = 20;

/**
 * When a queued step is written `ready`. At each commit of its run, a step that has waited
 * {@link READY_SHOWN_AFTER_MS} for a slot is written; a younger one is kept, and a timer asks for a commit when it
 * comes of age (if no other commit comes first). The queued steps of a fast run start within a millisecond or two
 * and are never written `ready`; a step really waiting (a slow step ahead of it, a lock, a rate limit) is, 20 ms
 * after it began to wait. Recovery works readiness out again, so nothing depends on these writes but the screen.
 */
export class ReadyRecords {
  /** Steps made ready whose `ready` is not written (yet), and when (`performance.now()`) each was made ready. */
  private slots: StepSlot[] = [];
  private since: number[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    /** Records `ready` for the step in the commit being made. */
    private readonly write: (slot: StepSlot) => void,
    /** Asks for a commit of the run (one that calls {@link atCommit}). */
    private readonly askForCommit: () => void,
    /** False once the run is over or cancelled: a timer that fires then asks for nothing. */
    private readonly live: () => boolean,
  ) {}

  /** A step was made ready in memory. */
  noteReady(slot: StepSlot): void {
    this.slots.push(slot);
    this.since.push(performance.now());
    this.askForCommit();
  }

  /** Called at the start of each commit of the run: writes the steps that have waited long enough. */
  atCommit(): void {
    const now = performance.now();
    const slots = this.slots;
    const since = this.since;
    this.slots = [];
    this.since = [];
    let soonest = Number.POSITIVE_INFINITY;
    for (let index = 0; index < slots.length; index++) {
      const slot = slots[index] as StepSlot;
      if (slot.state.status !== 'ready' || slot.persistedStatus === 'ready') continue;
      const waited = now - (since[index] as number);
      if (waited >= READY_SHOWN_AFTER_MS) {
        this.write(slot);
        continue;
      }
      this.slots.push(slot);
      this.since.push(since[index] as number);
      soonest = Math.min(soonest, READY_SHOWN_AFTER_MS - waited);
    }
    if (this.slots.length > 0 && this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.live()) this.askForCommit();
      }, Math.ceil(soonest) + 1);
      // A step waiting to be written `ready` does not keep a host alive.
      this.timer.unref?.();
    }
  }
}
