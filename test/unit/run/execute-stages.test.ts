import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AgentError } from '../../../engine/agents/agent-error';
import { execute, type AgentResult } from '../../../engine/run/pipeline';
import { agentStage } from '../../../engine/run/pipeline/agent-stage';
import { DEFAULT_MAX_ATTEMPTS, backoffDelay, isRetryable, retryStage } from '../../../engine/run/pipeline/retry-stage';
import { timeoutStage } from '../../../engine/run/pipeline/timeout-stage';
import { rejection } from '../agents/fake-context';
import { executeContext, fakeAgent, step } from './pipeline-fakes';

const never = () => new Promise<never>(() => undefined);
const retryable = (message = 'flaky') => new AgentError(message, { retryable: true });

afterEach(() => {
  vi.useRealTimers();
});

describe('backoffDelay', () => {
  it('waits between half and all of base·2^(n-1)', () => {
    expect(backoffDelay(500, 1, () => 0)).toBe(250);
    expect(backoffDelay(500, 1, () => 0.999_999)).toBe(500);
    expect(backoffDelay(500, 3, () => 0)).toBe(1000);
    expect(backoffDelay(500, 3, () => 0.999_999)).toBe(2000);
    for (let attempt = 1; attempt <= 6; attempt++) {
      for (const roll of [0, 0.1, 0.5, 0.9, 0.999]) {
        const delay = backoffDelay(100, attempt, () => roll);
        const ceiling = 100 * 2 ** (attempt - 1);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('never waits more than a minute, however many attempts failed', () => {
    expect(backoffDelay(500, 30, () => 0.999_999)).toBe(60_000);
    expect(backoffDelay(500, 30, () => 0)).toBe(30_000);
  });

  it('is 0 with no backoff', () => {
    expect(backoffDelay(0, 4, () => 0.7)).toBe(0);
  });
});

describe('isRetryable', () => {
  it('retries what an agent marks retryable and timeouts, nothing else', () => {
    expect(isRetryable(new AgentError('503', { retryable: true }))).toBe(true);
    expect(isRetryable(new AgentError('bad input'))).toBe(false);
    const timeout = new Error('too slow');
    timeout.name = 'TimeoutError';
    expect(isRetryable(timeout)).toBe(true);
    expect(isRetryable(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isRetryable(new Error('boom'))).toBe(false);
    expect(isRetryable('boom')).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });
});

describe('retryStage', () => {
  it('tries again after a retryable error and reports each retry and attempt', async () => {
    const context = executeContext({ step: step({ retry: { maxAttempts: 5, backoffMs: 4 } }), random: () => 0 });
    let calls = 0;
    const result = await retryStage(context, async () => {
      calls++;
      if (calls < 3) throw retryable(`fail ${calls}`);
      return { output: `ok on ${context.attempt}` };
    });
    expect(result).toEqual({ output: 'ok on 3' });
    expect(calls).toBe(3);
    expect(context.recorded.retries.map(({ attempt, delayMs }) => ({ attempt, delayMs }))).toEqual([
      { attempt: 1, delayMs: 2 },
      { attempt: 2, delayMs: 4 },
    ]);
    expect(context.recorded.retries.map(({ error }) => (error as Error).message)).toEqual(['fail 1', 'fail 2']);
    expect(context.recorded.attempts).toEqual([2, 3]);
  });

  it('does not retry an error that is not retryable', async () => {
    const context = executeContext({ step: step({ retry: { maxAttempts: 5, backoffMs: 0 } }) });
    let calls = 0;
    const error = await rejection(
      retryStage(context, async () => {
        calls++;
        throw new AgentError('bad input');
      }),
    );
    expect(error.message).toBe('bad input');
    expect(calls).toBe(1);
    expect(context.recorded.retries).toEqual([]);
  });

  it('stops at maxAttempts with the last error', async () => {
    const context = executeContext({ step: step({ retry: { maxAttempts: 3, backoffMs: 0 } }) });
    let calls = 0;
    const error = await rejection(
      retryStage(context, async () => {
        calls++;
        throw retryable(`fail ${calls}`);
      }),
    );
    expect(calls).toBe(3);
    expect(error.message).toBe('fail 3');
    expect(context.recorded.retries.map((retry) => retry.attempt)).toEqual([1, 2]);
  });

  it('counts attempts made before (a recovered step) towards maxAttempts', async () => {
    const context = executeContext({ step: step({ retry: { maxAttempts: 3, backoffMs: 0 } }), attempt: 3 });
    let calls = 0;
    await rejection(
      retryStage(context, async () => {
        calls++;
        throw retryable();
      }),
    );
    expect(calls).toBe(1);
  });

  it(`makes ${DEFAULT_MAX_ATTEMPTS} attempts with 500 ms backoff when the step sets no policy`, async () => {
    vi.useFakeTimers();
    const context = executeContext({ random: () => 0 });
    let calls = 0;
    const result = retryStage(context, async () => {
      calls++;
      throw retryable();
    });
    const settled = rejection(result);
    await vi.runAllTimersAsync();
    await settled;
    expect(calls).toBe(DEFAULT_MAX_ATTEMPTS);
    expect(context.recorded.retries.map((retry) => retry.delayMs)).toEqual([250, 500]);
  });

  it('stops waiting for the next attempt as soon as the run is cancelled', async () => {
    const cancel = new AbortController();
    const context = executeContext({ runSignal: cancel.signal, step: step({ retry: { maxAttempts: 5, backoffMs: 60_000 } }) });
    let calls = 0;
    const started = performance.now();
    const outcome = rejection(
      retryStage(context, async () => {
        calls++;
        throw retryable();
      }),
    );
    setTimeout(() => cancel.abort(new DOMException('cancelled', 'AbortError')), 10);
    const error = await outcome;
    expect(error.name).toBe('AbortError');
    expect(calls).toBe(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('does not retry once the run is cancelled, even if the error was retryable', async () => {
    const cancel = new AbortController();
    const context = executeContext({ runSignal: cancel.signal, step: step({ retry: { maxAttempts: 5, backoffMs: 0 } }) });
    let calls = 0;
    await rejection(
      retryStage(context, async () => {
        calls++;
        cancel.abort();
        throw retryable();
      }),
    );
    expect(calls).toBe(1);
  });
});

describe('timeoutStage', () => {
  it('aborts the attempt signal with a retryable TimeoutError after timeoutMs', async () => {
    const context = executeContext({ step: step({ timeoutMs: 20 }) });
    const started = performance.now();
    const error = await rejection(
      timeoutStage(context, () => new Promise<AgentResult>((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason)))),
    );
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toBe('The attempt took longer than 20 ms.');
    expect(isRetryable(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('gives a timed attempt its own signal, which the run cancel also aborts with its reason', async () => {
    const cancel = new AbortController();
    const context = executeContext({ runSignal: cancel.signal, step: step({ timeoutMs: 60_000 }) });
    const reason = new DOMException('stop', 'AbortError');
    let attemptSignal: AbortSignal | undefined;
    const error = await rejection(
      timeoutStage(context, () => {
        attemptSignal = context.signal;
        setTimeout(() => cancel.abort(reason), 5);
        return new Promise<AgentResult>((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason)));
      }),
    );
    expect(attemptSignal).not.toBe(cancel.signal);
    expect(error).toBe(reason);
  });

  it('uses the run signal for an attempt without a time limit', async () => {
    const cancel = new AbortController();
    const context = executeContext({ runSignal: cancel.signal, signal: new AbortController().signal });
    await timeoutStage(context, async () => ({ output: null }));
    expect(context.signal).toBe(cancel.signal);
  });

  it('does not abort an attempt that finished in time', async () => {
    const context = executeContext({ step: step({ timeoutMs: 15 }) });
    await expect(timeoutStage(context, async () => ({ output: 1 }))).resolves.toEqual({ output: 1 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(context.signal.aborted).toBe(false);
  });
});

describe('agentStage', () => {
  const strict = fakeAgent({
    id: 'strict',
    input: z.object({ url: z.string(), count: z.number().int().default(1) }) as z.ZodType<unknown>,
    output: z.object({ text: z.string() }) as z.ZodType<unknown>,
  });

  it('runs the agent with the parsed input (defaults filled) and returns its checked output', async () => {
    const seen: unknown[] = [];
    const agent = { ...strict, execute: async (input: unknown) => (seen.push(input), { text: 'hi' }) };
    await expect(agentStage(executeContext({ agent, input: { url: 'u' } }), never)).resolves.toEqual({ output: { text: 'hi' } });
    expect(seen).toEqual([{ url: 'u', count: 1 }]);
  });

  it('refuses an input that does not fit the schema, naming the agent and field, without running it', async () => {
    let ran = false;
    const agent = { ...strict, execute: async () => ((ran = true), { text: '' }) };
    const error = await rejection(agentStage(executeContext({ agent, input: { url: 3 } }), never));
    expect(error).toBeInstanceOf(AgentError);
    expect(error.message).toMatch(/^The input does not fit strict: url: /);
    expect((error as AgentError).retryable).toBe(false);
    expect(ran).toBe(false);
  });

  it('refuses an output that does not fit the schema', async () => {
    const agent = { ...strict, execute: async () => ({ text: 42 }) };
    const error = await rejection(agentStage(executeContext({ agent, input: { url: 'u' } }), never));
    expect(error.message).toMatch(/^strict returned an output that does not fit its schema: /);
  });

  it('settles promptly when the attempt aborts, even if the agent ignores its signal', async () => {
    const controller = new AbortController();
    const agent = fakeAgent({ execute: never });
    const started = performance.now();
    const outcome = rejection(agentStage(executeContext({ agent, signal: controller.signal }), never));
    setTimeout(() => controller.abort(new DOMException('stop', 'AbortError')), 10);
    const error = await outcome;
    expect(error.name).toBe('AbortError');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('does not start the agent when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    const agent = fakeAgent({ execute: async () => (ran = true) });
    await rejection(agentStage(executeContext({ agent, signal: controller.signal }), never));
    expect(ran).toBe(false);
  });

  it('passes on the agent error as it is', async () => {
    const agent = fakeAgent({ execute: async () => Promise.reject(retryable('upstream 503')) });
    const error = await rejection(agentStage(executeContext({ agent }), never));
    expect(error.message).toBe('upstream 503');
    expect(isRetryable(error)).toBe(true);
  });
});

describe('retry → timeout → agent', () => {
  it('times out a hung attempt that ignores its signal, then succeeds on the next', async () => {
    const attempts: number[] = [];
    const agent = fakeAgent({
      execute: async (_input, ctx) => {
        attempts.push(ctx.attempt);
        return ctx.attempt === 1 ? never() : { done: ctx.attempt };
      },
    });
    const context = executeContext({ agent, step: step({ timeoutMs: 20, retry: { maxAttempts: 2, backoffMs: 0 } }) });
    const started = performance.now();
    const result = await execute(context, [retryStage, timeoutStage, agentStage]);
    expect(result).toEqual({ output: { done: 2 } });
    expect(attempts).toEqual([1, 2]);
    expect((context.recorded.retries[0]?.error as Error).name).toBe('TimeoutError');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
