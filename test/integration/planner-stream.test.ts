import { afterEach, describe, expect, it } from 'vitest';
import { loadGeminiFixture, startFakeGemini, type FakeGemini } from '../helpers/fake-gemini';
import { openPlannerEngine, type PlannerEngine } from '../unit/planner/planner-engine';

describe('a slow Gemini stream (the real SDK; SSE events spaced out by the fake)', () => {
  let gemini: FakeGemini | undefined;
  let t: PlannerEngine | undefined;
  afterEach(async () => {
    t?.close();
    await gemini?.close();
  });

  it('reports the steps as they arrive, spread over the stream, and saves the five-step plan as version 1', async () => {
    gemini = await startFakeGemini(loadGeminiFixture('five-steps-streamed').replies, { chunkDelayMs: 200 });
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'k' }, settings: { 'planner.provider': 'gemini', 'planner.gemini.baseUrl': gemini.baseUrl } });
    const arrivals: Array<{ at: number; count: number }> = [];
    const started = Date.now();
    const stop = t.engine.onEvent((event) => {
      if (event.event === 'plan.generating' && event.payload.phase === 'partial') arrivals.push({ at: Date.now() - started, count: event.payload.steps.length });
    });
    const result = await t.client.plans.generate({ workspaceId: t.workspaceId, request: 'Every Friday summarize the client notes, rate their urgency and write a digest', generationId: 'slow' });
    stop();

    expect(result).toMatchObject({ provider: 'gemini', warnings: [] });
    expect(result.version).toMatchObject({ number: 1, author: 'planner' });
    expect(result.version.graph.steps.map((step) => step.id)).toEqual(['find', 'summarize', 'urgency', 'report', 'archive']);
    // Partial plans grew step by step (never shrinking), with counts between none and all seen well before the end.
    const counts = arrivals.map((arrival) => arrival.count);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.some((count) => count > 0 && count < 5)).toBe(true);
    expect(counts.at(-1)).toBe(5);
    const firstPartial = arrivals.find((arrival) => arrival.count < 5);
    expect(firstPartial!.at).toBeLessThan(arrivals.at(-1)!.at - 300);
  });
});
