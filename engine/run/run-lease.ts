import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Store } from '../store/store';

/** How long a lease holds without renewal, and how often a live host renews its leases. */
export const LEASE_MS = 30_000;
export const RENEW_EVERY_MS = 10_000;

/** `host:pid:random`: who holds a lease, and enough to tell when that process is gone. */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** True when the owner is a process on this machine that no longer exists (a crashed host). */
export function ownerIsGone(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname()) return false;
  const id = Number(pid);
  if (!Number.isInteger(id) || id <= 0) return false;
  if (id === process.pid) return false;
  try {
    process.kill(id, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Run ownership for one engine: a run is executed only by the process holding its lease. A crashed
 * host's leases are taken over at once (its process is gone); a live host's only after they expire.
 */
export class RunLeases {
  readonly owner = newOwnerId();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes the lease of a run unless another live process holds it; returns the holder when refused. */
  claim(runId: string): { ok: true } | { ok: false; holder: string } {
    return this.store.transaction(() => {
      const lease = this.store.runs.lease(runId);
      const now = this.clock();
      if (lease && lease.owner !== this.owner && lease.expiresAt > now && !ownerIsGone(lease.owner)) {
        return { ok: false as const, holder: lease.owner };
      }
      this.store.runs.setLease(runId, this.owner, now + LEASE_MS);
      this.start();
      return { ok: true as const };
    });
  }

  /** Writes a lease for a new run (inside the caller's transaction). */
  hold(runId: string): void {
    this.store.runs.setLease(runId, this.owner, this.clock() + LEASE_MS);
    this.start();
  }

  release(runId: string): void {
    this.store.runs.releaseLease(runId, this.owner);
  }

  /** Gives every lease back (the host is stopping): another process may take the runs at once. */
  releaseAll(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    try {
      this.store.runs.releaseLeases(this.owner);
    } catch {
      // The store is already closed; the leases expire on their own (or their owner is seen gone).
    }
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      try {
        this.store.runs.renewLeases(this.owner, this.clock() + LEASE_MS);
      } catch {
        // The store is closing; the leases expire on their own.
      }
    }, RENEW_EVERY_MS);
    this.timer.unref();
  }
}
