import { afterEach, describe, expect, it, vi } from 'vitest';
import { delayAgent } from '../../../engine/agents/builtin/delay';
import { makeContext, rejection, runAgent } from './fake-context';

describe('delay agent', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits the given time before answering', async () => {
    vi.useFakeTimers();
    let done = false;
    const running = runAgent(delayAgent, { ms: 5000 }).then((output) => {
      done = true;
      return output;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await running).toEqual({ waitedMs: 5000 });
  });

  it('ends the wait with an AbortError when the run is cancelled, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const running = runAgent(delayAgent, { ms: 3_600_000 }, makeContext({ signal: controller.signal }));
    controller.abort();
    const error = await rejection(running);
    expect(error.name).toBe('AbortError');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the reason the canceller gave', async () => {
    const controller = new AbortController();
    controller.abort(new Error('run cancelled by Dana'));
    expect((await rejection(runAgent(delayAgent, { ms: 10 }, makeContext({ signal: controller.signal })))).message).toBe(
      'run cancelled by Dana',
    );
  });

  it('refuses waits longer than an hour or below zero', () => {
    expect(delayAgent.input.safeParse({ ms: 3_600_001 }).success).toBe(false);
    expect(delayAgent.input.safeParse({ ms: -1 }).success).toBe(false);
  });
});
