import { abortReason } from './abortable-wait';

interface Waiter {
  resources: string[];
  grant: (release: () => void) => void;
}

/**
 * Named locks: two holders of the same resource never overlap. A step locks all its resources
 * at once, only when every one is free, and waiters are served in arrival order per resource,
 * so there is no deadlock and no starvation.
 */
export class ResourceLocks {
  private readonly held = new Set<string>();
  private readonly queue: Waiter[] = [];

  /** Resolves to a release function once every resource is held; rejects if the signal aborts first. */
  acquire(resources: readonly string[], signal?: AbortSignal): Promise<() => void> {
    const wanted = [...new Set(resources)].sort();
    if (wanted.length === 0) return Promise.resolve(() => undefined);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resources: wanted,
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(abortReason(signal as AbortSignal));
        this.serve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.serve();
    });
  }

  /** Resources held now (for tests and the run view). */
  holding(): string[] {
    return [...this.held].sort();
  }

  private serve(): void {
    const blocked = new Set<string>();
    for (let index = 0; index < this.queue.length; ) {
      const waiter = this.queue[index] as Waiter;
      const free = waiter.resources.every((resource) => !this.held.has(resource) && !blocked.has(resource));
      if (!free) {
        // Later waiters may not jump ahead of this one on its resources.
        for (const resource of waiter.resources) blocked.add(resource);
        index++;
        continue;
      }
      this.queue.splice(index, 1);
      for (const resource of waiter.resources) this.held.add(resource);
      let released = false;
      waiter.grant(() => {
        if (released) return;
        released = true;
        for (const resource of waiter.resources) this.held.delete(resource);
        this.serve();
      });
    }
  }
}
