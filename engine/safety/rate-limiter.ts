import { sleep } from './abortable-wait';

/** A limit on one key (`agent:<id>`, `provider:<name>`): requests and model tokens per minute. */
export interface RateLimit {
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
}

interface Bucket {
  capacity: number;
  perMs: number;
  level: number;
  updatedAt: number;
}

/**
 * Token buckets by key. A request waits until its key has a request token and a positive token
 * balance; model tokens are charged after the call (`charge`), so a big answer delays the next call.
 */
export class RateLimiter {
  private readonly requests = new Map<string, Bucket>();
  private readonly tokens = new Map<string, Bucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  configure(key: string, limit: RateLimit): void {
    this.set(this.requests, key, limit.requestsPerMinute);
    this.set(this.tokens, key, limit.tokensPerMinute);
  }

  /** True when any of the keys has a limit (callers skip the wait otherwise). */
  limits(keys: readonly string[]): boolean {
    return keys.some((key) => this.requests.has(key) || this.tokens.has(key));
  }

  /** Waits for one request slot on every key; rejects if the signal aborts first. */
  async acquire(keys: readonly string[], signal?: AbortSignal): Promise<void> {
    for (;;) {
      let wait = 0;
      for (const key of keys) {
        wait = Math.max(wait, this.waitFor(this.requests.get(key), 1), this.waitFor(this.tokens.get(key), Number.MIN_VALUE));
      }
      if (wait <= 0) {
        for (const key of keys) this.take(this.requests.get(key), 1);
        return;
      }
      await sleep(Math.ceil(wait), signal);
    }
  }

  /** Charges model tokens used by a call on every key. */
  charge(keys: readonly string[], tokens: number): void {
    if (tokens <= 0) return;
    for (const key of keys) this.take(this.tokens.get(key), tokens, true);
  }

  private set(map: Map<string, Bucket>, key: string, perMinute: number | undefined): void {
    if (!perMinute) {
      map.delete(key);
      return;
    }
    const existing = map.get(key);
    map.set(key, { capacity: perMinute, perMs: perMinute / 60_000, level: existing ? Math.min(existing.level, perMinute) : perMinute, updatedAt: this.now() });
  }

  private refill(bucket: Bucket): void {
    const now = this.now();
    bucket.level = Math.min(bucket.capacity, bucket.level + (now - bucket.updatedAt) * bucket.perMs);
    bucket.updatedAt = now;
  }

  /** Milliseconds until `amount` is available (0 when it is). */
  private waitFor(bucket: Bucket | undefined, amount: number): number {
    if (!bucket) return 0;
    this.refill(bucket);
    return bucket.level >= amount ? 0 : (amount - bucket.level) / bucket.perMs;
  }

  private take(bucket: Bucket | undefined, amount: number, allowDebt = false): void {
    if (!bucket) return;
    this.refill(bucket);
    bucket.level = allowDebt ? bucket.level - amount : Math.max(0, bucket.level - amount);
  }
}
