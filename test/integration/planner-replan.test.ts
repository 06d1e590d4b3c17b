import { afterEach, describe, expect, it } from 'vitest';
import { loadGeminiFixture, promptText, startFakeGemini, type FakeGemini } from '../helpers/fake-gemini';
import { openPlannerEngine, type PlannerEngine } from '../unit/planner/planner-engine';

const REQUEST = 'Fetch https://api.example.com/orders, summarize them and post the summary to https://hooks.example.com/in';

/**
 * Replanning works on the version it is given: the person's hand edits in that version reach the
 * planner (offline, and a model), and survive a change that does not touch them.
 */
describe('replanning starts from the base version, hand edits included', () => {
  let t: PlannerEngine | undefined;
  let gemini: FakeGemini | undefined;
  afterEach(async () => {
    t?.close();
    await gemini?.close();
    t = undefined;
    gemini = undefined;
  });

  /** Version 1 by the planner, then version 2 by the person: a renamed step and an extra step. */
  async function editedPlan(engine: PlannerEngine) {
    const first = await engine.client.plans.generate({ workspaceId: engine.workspaceId, request: REQUEST });
    const graph = structuredClone(first.version.graph);
    graph.steps.find((step) => step.id === 'summarize')!.title = 'Summarize the orders for the board';
    graph.steps.push({ id: 'pause', title: 'Wait a moment', agent: 'delay', input: { ms: 5 }, dependsOn: ['send'] });
    const edited = await engine.client.plans.saveVersion({ workspaceId: engine.workspaceId, planId: first.plan.id, graph, message: 'My edits' });
    return { first, edited };
  }

  it('offline: "add an approval before sending" keeps the renamed step and the added one', async () => {
    t = await openPlannerEngine();
    const { first, edited } = await editedPlan(t);
    const replanned = await t.client.plans.generate({ workspaceId: t.workspaceId, request: REQUEST, basePlanVersionId: edited.id, instruction: 'add an approval before sending' });
    expect(replanned.version).toMatchObject({ number: 3, author: 'replanner', parentId: edited.id });
    const steps = replanned.version.graph.steps;
    expect(steps.map((step) => step.id)).toEqual(['fetch', 'summarize', 'send', 'pause']);
    expect(steps.find((step) => step.id === 'summarize')?.title).toBe('Summarize the orders for the board');
    expect(steps.find((step) => step.id === 'send')?.approval).toBe('always');
    expect(replanned.plan.request).toBe(first.plan.request);
  });

  it('Gemini: the prompt carries the edited version, not the first one', async () => {
    gemini = await startFakeGemini(loadGeminiFixture('good-plan').replies);
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'k' }, settings: { 'planner.gemini.baseUrl': gemini.baseUrl } });
    const { edited } = await editedPlan(t);
    await t.client.settings.set({ workspaceId: t.workspaceId, key: 'planner.provider', value: 'gemini' });
    const replanned = await t.client.plans.generate({ workspaceId: t.workspaceId, request: REQUEST, basePlanVersionId: edited.id, instruction: 'also keep a copy' });
    expect(replanned.version).toMatchObject({ author: 'replanner', parentId: edited.id });
    const prompt = promptText(gemini.requests.at(-1)!);
    expect(prompt).toContain('"title": "Summarize the orders for the board"');
    expect(prompt).toContain('"id": "pause"');
    expect(prompt).toContain('The change: also keep a copy');
  });

  it('Gemini failing: the offline fallback still changes the base version (not the request from scratch)', async () => {
    gemini = await startFakeGemini(loadGeminiFixture('safety-block').replies);
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'k' }, settings: { 'planner.gemini.baseUrl': gemini.baseUrl } });
    const { edited } = await editedPlan(t);
    await t.client.settings.set({ workspaceId: t.workspaceId, key: 'planner.provider', value: 'gemini' });
    const replanned = await t.client.plans.generate({ workspaceId: t.workspaceId, request: REQUEST, basePlanVersionId: edited.id, instruction: 'add an approval before sending' });
    expect(replanned.provider).toBe('offline');
    expect(replanned.version).toMatchObject({ author: 'replanner', parentId: edited.id });
    expect(replanned.warnings[0]).toMatch(/blocked the answer for safety reasons.*offline planner's plan instead/);
    expect(replanned.version.graph.steps.map((step) => step.id)).toEqual(['fetch', 'summarize', 'send', 'pause']);
    expect(replanned.version.graph.steps.find((step) => step.id === 'summarize')?.title).toBe('Summarize the orders for the board');
  });
});
