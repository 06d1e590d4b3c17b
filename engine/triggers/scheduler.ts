import { CatchUp } from '../api';
import type { TriggerRecord, TriggerRepository } from '../store/trigger-repository';
import type { Clock, TimerHandle } from './clock';
import { CronSchedule } from './schedule';

/** The lease row every host on a data folder competes for; only its holder fires schedules. */
export const SCHEDULER_LEASE = 'scheduler';

export interface SchedulerOptions {
  repository: TriggerRepository;
  clock: Clock;
  /** This host, as the lease names it. */
  holder: string;
  /** Starts a run for one schedule time; must record the firing before its first await (see fireTrigger). */
  fire(trigger: TriggerRecord, scheduledForMs: number, source: 'schedule' | 'catch-up'): Promise<unknown>;
  /** Records a schedule time let go by the catch-up policy. */
  skip(trigger: TriggerRecord, scheduledForMs: number, reason: string): void;
  log(line: string): void;
  /** How long a lease lasts without renewal. */
  leaseMs?: number;
  /** A firing this late is still on time; later ones were missed and follow the catch-up policy. */
  graceMs?: number;
  /** The longest the scheduler sleeps between looks (renewing the lease, noticing a laptop's sleep). */
  maxSleepMs?: number;
  /** The most missed firings `all` replays at once. */
  maxCatchUp?: number;
}

const HOUR = 3_600_000;

/**
 * Fires schedule triggers while a host runs. Each pass takes (or renews) the lease, then for every
 * enabled schedule looks at the times since its cursor: those within the grace period fire as
 * `schedule`; older ones (the app was closed, the laptop slept) follow the trigger's catch-up policy.
 * Firings are unique per (trigger, time) in the store, so even two passes racing fire a time once.
 */
export class TriggerScheduler {
  private readonly leaseMs: number;
  private readonly graceMs: number;
  private readonly maxSleepMs: number;
  private readonly maxCatchUp: number;
  private readonly schedules = new Map<string, CronSchedule>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: TimerHandle | null = null;
  private running = false;

  constructor(private readonly options: SchedulerOptions) {
    this.leaseMs = options.leaseMs ?? 90_000;
    this.graceMs = options.graceMs ?? 120_000;
    this.maxSleepMs = options.maxSleepMs ?? 30_000;
    this.maxCatchUp = options.maxCatchUp ?? 100;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts firing: catches up at once, then wakes for each next firing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.pass();
  }

  /** Stops firing and gives the lease up so another host can take over at once. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    if (this.timer) this.options.clock.clearTimer(this.timer);
    this.timer = null;
    try {
      this.options.repository.releaseLease(SCHEDULER_LEASE, this.options.holder);
    } catch (error) {
      this.options.log(`could not release the scheduler lease: ${String(error)}`);
    }
  }

  /** Triggers changed: look again now. */
  refresh(): void {
    if (this.running) this.pass();
  }

  /** Resolves when the firings started so far have their runs (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** The next time a schedule fires after now (or after its cursor, if that is later). */
  nextFireAt(trigger: TriggerRecord): number | null {
    if (!trigger.enabled || trigger.cron === null || trigger.timeZone === null) return null;
    const cursor = Date.parse(trigger.scheduleCursor ?? trigger.updatedAt);
    return this.scheduleOf(trigger).next(Math.max(cursor, this.options.clock.now()));
  }

  private scheduleOf(trigger: TriggerRecord): CronSchedule {
    const key = `${trigger.cron}\u0000${trigger.timeZone}`;
    let schedule = this.schedules.get(key);
    if (!schedule) this.schedules.set(key, (schedule = new CronSchedule(trigger.cron ?? '', trigger.timeZone ?? 'UTC')));
    return schedule;
  }

  /** One look at every schedule; firings are recorded synchronously, their runs start in the background. */
  private pass(): void {
    if (!this.running) return;
    const { repository, clock, holder } = this.options;
    const now = clock.now();
    let wake = now + this.maxSleepMs;
    let holding = false;
    try {
      holding = repository.acquireLease(SCHEDULER_LEASE, holder, now, this.leaseMs);
      if (holding) {
        for (const trigger of repository.enabledSchedules()) {
          try {
            const next = this.handle(trigger, now);
            if (next !== null) wake = Math.min(wake, next);
          } catch (error) {
            this.options.log(`schedule trigger ${trigger.id} could not be handled: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
    } catch (error) {
      this.options.log(`the scheduler could not look at its triggers: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.arm(Math.max(wake - now, holding ? 0 : 1000));
  }

  private arm(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) this.options.clock.clearTimer(this.timer);
    this.timer = this.options.clock.setTimer(() => {
      this.timer = null;
      this.pass();
    }, delayMs);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.options.log(`a trigger firing failed: ${String(error)}`));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  /** Fires what is due for one trigger; returns its next firing time. */
  private handle(trigger: TriggerRecord, now: number): number | null {
    const schedule = this.scheduleOf(trigger);
    const cursor = Date.parse(trigger.scheduleCursor ?? trigger.updatedAt);
    const onTimeFrom = Math.max(cursor, now - this.graceMs);
    if (onTimeFrom > cursor) this.catchUp(trigger, schedule, cursor, onTimeFrom, now);
    for (const time of schedule.between(onTimeFrom, now, this.maxCatchUp)) {
      this.track(this.options.fire(trigger, time, 'schedule'));
    }
    return schedule.next(Math.max(now, cursor));
  }

  /** Firings in (cursor, until] were missed: skip them, run the latest once, or run each within the window. */
  private catchUp(trigger: TriggerRecord, schedule: CronSchedule, cursor: number, until: number, now: number): void {
    const latest = schedule.latestBetween(cursor, until);
    if (latest === null) return;
    const policy = trigger.catchUp ?? CatchUp.parse({});
    const windowStart = now - policy.windowHours * HOUR;
    if (policy.policy === 'skip') {
      this.options.skip(trigger, latest, 'Missed while no host was running; the catch-up policy is to skip.');
      return;
    }
    if (latest < windowStart) {
      this.options.skip(trigger, latest, `Missed while no host was running, more than ${policy.windowHours} h ago.`);
      return;
    }
    if (policy.policy === 'once') {
      this.track(this.options.fire(trigger, latest, 'catch-up'));
      return;
    }
    const inWindow = schedule.between(Math.max(cursor, windowStart), until, this.maxCatchUp + 1);
    const first = inWindow[0];
    if (first !== undefined) {
      const older = schedule.latestBetween(cursor, first - 1);
      if (older !== null) this.options.skip(trigger, older, `Missed while no host was running, more than ${policy.windowHours} h ago.`);
    }
    // Past the cap, the oldest are let go and the newest run.
    for (const time of inWindow.slice(-this.maxCatchUp)) this.track(this.options.fire(trigger, time, 'catch-up'));
  }
}
