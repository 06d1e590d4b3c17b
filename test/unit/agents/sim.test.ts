import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentError } from '../../../engine/agents/agent-error';
import { simAgent } from '../../../engine/agents/builtin/sim';
import { makeContext, rejection, runAgent } from './fake-context';

async function outcome(input: Record<string, unknown>, attempt: number, stepId = 'step-1'): Promise<'ok' | 'failed'> {
  try {
    await runAgent(simAgent, input, makeContext({ attempt, stepId }));
    return 'ok';
  } catch (error) {
    if (error instanceof AgentError) return 'failed';
    throw error;
  }
}

describe('sim agent', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the given output, or {ok: true}', async () => {
    expect(await runAgent(simAgent, { output: { rows: [1, 2] } })).toEqual({ rows: [1, 2] });
    expect(await runAgent(simAgent, {})).toEqual({ ok: true });
  });

  it('answers at once with no timer when durationMs is 0', async () => {
    vi.useFakeTimers();
    const running = runAgent(simAgent, { durationMs: 0 });
    expect(vi.getTimerCount()).toBe(0);
    expect(await running).toEqual({ ok: true });
  });

  it('takes durationMs and can be cancelled while it waits', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const running = runAgent(simAgent, { durationMs: 1000 }, makeContext({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    expect((await rejection(running)).name).toBe('AbortError');
  });

  it('always fails retryably with failRate 1, never with failRate 0', async () => {
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const error = await rejection(runAgent(simAgent, { failRate: 1 }, makeContext({ attempt })));
      expect(error).toBeInstanceOf(AgentError);
      expect((error as AgentError).retryable).toBe(true);
      expect(await outcome({ failRate: 0, seed: 'x' }, attempt)).toBe('ok');
    }
  });

  it('gives the same outcomes for the same seed, attempt and step, and about failRate of them fail', async () => {
    const run = async (seed: string) => {
      const results: string[] = [];
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        for (let step = 0; step < 40; step += 1) results.push(await outcome({ failRate: 0.3, seed }, attempt, `step-${step}`));
      }
      return results;
    };
    const first = await run('bench-1');
    expect(await run('bench-1')).toEqual(first);
    expect(await run('bench-2')).not.toEqual(first);
    const failed = first.filter((result) => result === 'failed').length;
    expect(failed).toBeGreaterThan(200 * 0.2);
    expect(failed).toBeLessThan(200 * 0.4);
  });
});
