import { describe, expect, it } from 'vitest';
import { TizmorError } from '../../../engine/api';
import { builtinAgents } from '../../../engine/agents/builtin';
import { llmAgents } from '../../../engine/agents/llm';
import { createAgentRegistry } from '../../../engine/agents/registry';
import { findMeetingTime } from '../../../engine/planner/offline/dates';
import { chooseAgent } from '../../../engine/planner/offline/agent-choice';
import { offlineProvider } from '../../../engine/planner/offline-provider';
import { runPlannerPipeline, type PipelineReport } from '../../../engine/planner/pipeline';
import { checkDraft } from '../../../engine/planner/plan-draft';
import { buildPlannerPrompt, plannerCatalog } from '../../../engine/planner/prompt';
import { ProviderError, type PlannerProvider, type ProviderResult } from '../../../engine/planner/provider';

const registry = createAgentRegistry([...builtinAgents(), ...llmAgents(() => null)]);
const catalog = plannerCatalog(registry);
const prompt = buildPlannerPrompt({ request: 'Read notes.txt and summarize it', catalog, hints: [], modelAvailable: false, now: '2025-03-03T09:00:00Z' });
const GOOD = JSON.stringify({ title: 'T', steps: [{ id: 'a', title: 'A', agent: 'template', input: { template: 'x' }, dependsOn: [] }] });

/** A provider that plays a script: each entry an answer or a fault. */
function scripted(script: Array<string | ProviderError | Partial<ProviderResult>>): PlannerProvider & { calls: number } {
  const provider = {
    name: 'gemini' as const,
    model: 'm',
    label: 'Gemini (m)',
    calls: 0,
    async generate(): Promise<ProviderResult> {
      const next = script[Math.min(provider.calls, script.length - 1)];
      provider.calls += 1;
      if (next instanceof ProviderError) throw next;
      const base: ProviderResult = { text: '', finishReason: 'stop', inputTokens: 10, outputTokens: 5, costUsd: 0.01 };
      return typeof next === 'string' ? { ...base, text: next } : { ...base, ...next };
    },
  };
  return provider;
}

async function run(provider: PlannerProvider, withFallback = true) {
  const reports: Array<[string, string | null]> = [];
  const waits: number[] = [];
  const report: PipelineReport = (phase, _steps, message) => reports.push([phase, message]);
  const result = await runPlannerPipeline({
    provider,
    prompt,
    check: (value) => checkDraft(value, catalog, registry),
    fallback: withFallback ? offlineProvider() : null,
    report,
    sleep: async (ms) => void waits.push(ms),
    signal: new AbortController().signal,
  });
  return { result, reports, waits };
}

describe('the planner pipeline', () => {
  it('counts tokens and cost over every try', async () => {
    const { result } = await run(scripted(['not json at all', GOOD]));
    expect(result).toMatchObject({ provider: 'gemini', tokens: 30, warnings: [], fallbackReason: null });
    expect(result.costUsd).toBeCloseTo(0.02);
  });

  it('does not wait out a 429 that asks for minutes: it says so and falls back', async () => {
    const { result, waits } = await run(scripted([new ProviderError('rate_limited', 'Gemini answered 429: quota', { status: 429, retryAfterMs: 120_000 })]));
    expect(waits).toEqual([]);
    expect(result.provider).toBe('offline');
    expect(result.warnings[0]).toBe("Gemini (m) is rate-limited and asks to wait 120 s. This is the offline planner's plan instead; check it before running.");
  });

  it('gives up on 429s after three retries', async () => {
    const provider = scripted([new ProviderError('rate_limited', '429', { status: 429 })]);
    const { result, waits } = await run(provider);
    expect(provider.calls).toBe(4);
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(result.warnings[0]).toMatch(/^Gemini \(m\) was still rate-limited after 3 retries\./);
  });

  it('without a fallback, a failing provider is an error, never a plan', async () => {
    await expect(run(scripted(['{}']), false)).rejects.toThrow(/still invalid|steps/);
  });

  it('a cut-off answer three times falls back with the reason', async () => {
    const { result, reports } = await run(scripted([{ text: '{"steps": [', finishReason: 'max_tokens' }]));
    expect(result.warnings[0]).toMatch(/^Gemini \(m\)'s answer was cut off at its length limit 3 times\./);
    expect(reports.filter(([phase]) => phase === 'retrying')).toHaveLength(3);
  });

  it('stops when the request is cancelled', async () => {
    await expect(run(scripted([new ProviderError('aborted', 'cancelled')]))).rejects.toBeInstanceOf(TizmorError);
  });
});

describe('offline planner details', () => {
  it('reads meeting times in English and Hebrew, counted from now', () => {
    const now = '2025-03-03T09:00:00.000Z'; // a Monday
    expect(findMeetingTime('meet Dana next Tuesday at 2:30 pm', now)).toBe('2025-03-04T14:30:00');
    expect(findMeetingTime('on friday 9am', now)).toBe('2025-03-07T09:00:00');
    expect(findMeetingTime('on 2025-05-01 at 16:00', now)).toBe('2025-05-01T16:00:00');
    expect(findMeetingTime('פגישה ביום רביעי בשעה 11:15', now)).toBe('2025-03-05T11:15:00');
    expect(findMeetingTime('מחרתיים ב-8', now)).toBe('2025-03-05T08:00:00');
    expect(findMeetingTime('sometime soon', now)).toBeNull();
  });

  it('prefers the usual agent, unless past runs show it failing and another succeeding', () => {
    const job = { capabilities: ['search'], preferred: 'files.search', values: { query: 'x' } };
    const other = { ...catalog.find((agent) => agent.id === 'files.search')!, id: 'notes.search' };
    const both = [...catalog, other];
    expect(chooseAgent(both, [], job)?.agent.id).toBe('files.search');
    const hints = [
      { agentId: 'files.search', runs: 10, successRate: 0.2, medianMs: 10, costPerStepUsd: 0 },
      { agentId: 'notes.search', runs: 5, successRate: 1, medianMs: 10, costPerStepUsd: 0 },
    ];
    expect(chooseAgent(both, hints, job)?.agent.id).toBe('notes.search');
    // Two runs are too few to judge.
    expect(chooseAgent(both, [{ ...hints[0]!, runs: 2 }], job)?.agent.id).toBe('files.search');
  });
});

describe('what the offline planner reads in a request', () => {
  it('does not take "every Monday" or "כל יום" for a list of items', async () => {
    const { analyzeRequest } = await import('../../../engine/planner/offline/analyze-request');
    expect(analyzeRequest('Every Monday summarize the sales notes', '2025-03-03T09:00:00Z').forEach).toBeNull();
    expect(analyzeRequest('לכל יום סכם את ההערות', '2025-03-03T09:00:00Z').forEach).toBeNull();
    expect(analyzeRequest('For each client: Acme, Globex — summarize their notes', '2025-03-03T09:00:00Z').forEach).toEqual({ noun: 'client', items: ['Acme', 'Globex'] });
  });
});
