import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../../engine/safety/rate-limiter';

/** A clock the limiter reads, moved together with the (fake) timers its waits use. */
let clock = 0;
beforeEach(() => {
  vi.useFakeTimers();
  clock = 1_000;
});
afterEach(() => {
  vi.useRealTimers();
});
async function advance(ms: number): Promise<void> {
  clock += ms;
  await vi.advanceTimersByTimeAsync(ms);
}

/** A promise with a flag that says whether it settled yet. */
function track(promise: Promise<unknown>): { done: () => boolean; error: () => unknown } {
  let done = false;
  let error: unknown;
  promise.then(
    () => (done = true),
    (reason: unknown) => {
      done = true;
      error = reason;
    },
  );
  return { done: () => done, error: () => error };
}

function limiter(): RateLimiter {
  return new RateLimiter(() => clock);
}

describe('RateLimiter', () => {
  it('lets a key without a limit through at once', async () => {
    const rate = limiter();
    const calls = Array.from({ length: 100 }, () => track(rate.acquire(['agent:free'])));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.every((call) => call.done())).toBe(true);
  });

  it('allows a burst of requestsPerMinute, then one request per 60 000 / rpm ms', async () => {
    const rate = limiter();
    rate.configure('agent:x', { requestsPerMinute: 2 });
    await rate.acquire(['agent:x']);
    await rate.acquire(['agent:x']);
    const third = track(rate.acquire(['agent:x']));
    const fourth = track(rate.acquire(['agent:x']));
    await advance(29_000);
    expect(third.done()).toBe(false);
    await advance(1_000);
    expect(third.done()).toBe(true);
    expect(fourth.done()).toBe(false);
    await advance(30_000);
    expect(fourth.done()).toBe(true);
  });

  it('keeps keys apart', async () => {
    const rate = limiter();
    rate.configure('agent:x', { requestsPerMinute: 1 });
    rate.configure('agent:y', { requestsPerMinute: 1 });
    await rate.acquire(['agent:x']);
    const y = track(rate.acquire(['agent:y']));
    const x = track(rate.acquire(['agent:x']));
    await vi.advanceTimersByTimeAsync(0);
    expect(y.done()).toBe(true);
    expect(x.done()).toBe(false);
  });

  it('waits for the slowest of several keys and takes a slot from each', async () => {
    const rate = limiter();
    rate.configure('agent:x', { requestsPerMinute: 60 });
    rate.configure('provider:p', { requestsPerMinute: 1 });
    await rate.acquire(['agent:x', 'provider:p']);
    const both = track(rate.acquire(['agent:x', 'provider:p']));
    await advance(59_000);
    expect(both.done()).toBe(false);
    await advance(1_000);
    expect(both.done()).toBe(true);
    // Nothing is left in the provider bucket, although agent:x has refilled.
    const again = track(rate.acquire(['provider:p']));
    await advance(1_000);
    expect(again.done()).toBe(false);
  });

  it('charges model tokens after the call, so a big answer delays the next request', async () => {
    const rate = limiter();
    rate.configure('provider:p', { tokensPerMinute: 600 });
    await rate.acquire(['provider:p']);
    rate.charge(['provider:p'], 1_200);
    // The balance is 600 in debt: at 10 tokens/s it is positive again after 60 s.
    const next = track(rate.acquire(['provider:p']));
    await advance(59_000);
    expect(next.done()).toBe(false);
    await advance(1_001);
    expect(next.done()).toBe(true);
  });

  it('lets requests through while the token balance is positive', async () => {
    const rate = limiter();
    rate.configure('provider:p', { tokensPerMinute: 1_000 });
    rate.charge(['provider:p'], 999);
    const next = track(rate.acquire(['provider:p']));
    await vi.advanceTimersByTimeAsync(0);
    expect(next.done()).toBe(true);
    rate.charge(['provider:p'], 0);
    rate.charge(['provider:p'], -50);
    const after = track(rate.acquire(['provider:p']));
    await vi.advanceTimersByTimeAsync(0);
    expect(after.done()).toBe(true);
  });

  it('rejects a waiting request with the abort reason, and it does not use a slot', async () => {
    const rate = limiter();
    rate.configure('agent:x', { requestsPerMinute: 1 });
    await rate.acquire(['agent:x']);
    const controller = new AbortController();
    const waiting = track(rate.acquire(['agent:x'], controller.signal));
    await advance(10_000);
    const reason = new DOMException('cancelled', 'AbortError');
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.done()).toBe(true);
    expect(waiting.error()).toBe(reason);
    const next = track(rate.acquire(['agent:x']));
    await advance(50_000);
    expect(next.done()).toBe(true);
  });

  it('removes a limit when configured without one', async () => {
    const rate = limiter();
    rate.configure('agent:x', { requestsPerMinute: 1 });
    await rate.acquire(['agent:x']);
    rate.configure('agent:x', {});
    const next = track(rate.acquire(['agent:x']));
    await vi.advanceTimersByTimeAsync(0);
    expect(next.done()).toBe(true);
  });
});
