import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAgent } from '../../engine/agents/agent';
import { rejectionOf } from '../helpers/builders';
import { loadGeminiFixture, promptText, startFakeGemini, type FakeGemini } from '../helpers/fake-gemini';
import { openPlannerEngine, type PlannerEngine } from '../unit/planner/planner-engine';

/** Another search agent, for choosing between two that can do the same job. */
const notesSearch = defineAgent({
  id: 'notes.search',
  version: '1',
  name: 'Search notes',
  description: 'Searches the notes app.',
  capabilities: ['search', 'files', 'read'],
  input: z.object({ query: z.string().min(1) }),
  output: z.object({ text: z.string() }),
  risk: 'read',
  idempotent: true,
  cacheable: false,
  execute: async (input) => ({ text: `notes about ${input.query}` }),
});

describe('plans.generate with the offline planner (no model configured)', () => {
  let t: PlannerEngine | undefined;
  let gemini: FakeGemini | undefined;
  afterEach(async () => {
    t?.close();
    await gemini?.close();
    t = undefined;
    gemini = undefined;
  });

  it('is the default: makes version 1, says it was made offline, and streams it', async () => {
    t = await openPlannerEngine();
    const result = await t.client.plans.generate({ workspaceId: t.workspaceId, request: 'Read notes.txt, summarize it and save the summary to summary.md', generationId: 'g1' });
    expect(result).toMatchObject({ provider: 'offline', model: null, tokens: 0, warnings: [] });
    expect(result.version).toMatchObject({ number: 1, author: 'planner', message: 'Made offline by the offline planner (no model was used).' });
    expect(result.version.graph.steps.map((step) => step.id)).toEqual(['read', 'summarize', 'save']);
    expect(Object.keys(result.version.graph.layout)).toEqual(['read', 'summarize', 'save']);
    expect(t.generating('g1').map((event) => event.phase)).toEqual(['started', 'partial', 'done']);
    expect(t.generating('g1')[0]!.message).toBe('Planning with the offline planner…');
    // What plans.validate says about it: nothing.
    expect(await t.client.plans.validate({ workspaceId: t.workspaceId, graph: result.version.graph })).toEqual({ ok: true, problems: [] });
  });

  it('speaks Hebrew: Hebrew titles and a Hebrew version message', async () => {
    t = await openPlannerEngine();
    const result = await t.client.plans.generate({ workspaceId: t.workspaceId, request: 'סכם את הערות הפגישה ושמור לקובץ summary.md' });
    expect(result.version.message).toBe('נבנה במצב לא מקוון על ידי המתכנן המקומי (ללא מודל).');
    expect(result.version.graph.steps.map((step) => step.title)).toEqual(['חיפוש בקבצים: "הערות"', 'סיכום', 'שמירה ב-summary.md']);
  });

  it('shows what cannot be done offline as warnings, and the linter stops the run before it starts', async () => {
    t = await openPlannerEngine();
    const result = await t.client.plans.generate({ workspaceId: t.workspaceId, request: 'Write an email to the team about the new holiday schedule' });
    expect(result.warnings).toEqual([
      'Writing new text needs a model: configure Gemini or a local OpenAI-compatible model in Settings before running this plan.',
    ]);
    // The linter flags the step before anything runs: nothing honest can stand in for a model here.
    const refused = await rejectionOf(t.run(result.version.graph.steps));
    expect(refused.code).toBe('bad_input');
    expect(refused.details).toEqual([expect.objectContaining({ code: 'needs_model', message: expect.stringMatching(/needs a model/) })]);
  });

  it('refuses honestly when nothing in the request can be done, and says so in the failed event', async () => {
    t = await openPlannerEngine();
    const error = await rejectionOf(t.client.plans.generate({ workspaceId: t.workspaceId, request: 'hello there', generationId: 'g2' }));
    expect(error.code).toBe('bad_input');
    expect(error.message).toMatch(/^The offline planner found nothing in this request that the installed agents can do\./);
    expect(t.generating('g2').at(-1)).toMatchObject({ phase: 'failed', message: error.message });
    expect(await t.client.plans.list({ workspaceId: t.workspaceId })).toEqual([]);
  });

  it('replans: "add an approval before sending" makes a new version by the replanner whose parent is the base', async () => {
    t = await openPlannerEngine();
    const request = 'Fetch https://api.example.com/orders, summarize them and post the summary to https://hooks.example.com/in';
    const first = await t.client.plans.generate({ workspaceId: t.workspaceId, request });
    // The person edits the plan by hand (version 2); the replan still starts from version 1.
    await t.client.plans.saveVersion({ workspaceId: t.workspaceId, planId: first.plan.id, graph: first.version.graph, message: 'Looked at it' });
    const second = await t.client.plans.generate({
      workspaceId: t.workspaceId,
      request,
      basePlanVersionId: first.version.id,
      instruction: 'add an approval before sending',
    });
    expect(second.plan.id).toBe(first.plan.id);
    expect(second.version).toMatchObject({ number: 3, author: 'replanner', parentId: first.version.id });
    expect(second.version.message).toMatch(/^Replanned: add an approval before sending\. Made offline/);
    const approvals = Object.fromEntries(second.version.graph.steps.map((step) => [step.id, step.approval]));
    expect(approvals).toEqual({ fetch: undefined, summarize: undefined, send: 'always' });
    expect(second.warnings).toEqual(['Added an approval before: send (changed offline, no model used).']);
    expect(second.version.graph.layout).toEqual(first.version.graph.layout);
    const history = await t.client.plans.versions({ workspaceId: t.workspaceId, planId: first.plan.id });
    expect(history.map((version) => [version.number, version.author])).toEqual([
      [3, 'replanner'],
      [2, 'user'],
      [1, 'planner'],
    ]);
  });

  it('replans "do it for every client: …" into one branch per client', async () => {
    t = await openPlannerEngine();
    const request = 'Write a monthly report and save it to report.md';
    const first = await t.client.plans.generate({ workspaceId: t.workspaceId, request });
    const second = await t.client.plans.generate({
      workspaceId: t.workspaceId,
      request,
      basePlanVersionId: first.version.id,
      instruction: 'do it for every client: Acme, Globex',
    });
    expect(second.version.graph.steps.map((step) => step.id)).toEqual(['write-acme', 'save-acme', 'write-globex', 'save-globex']);
    expect(second.warnings[0]).toMatch(/^The offline planner rebuilt the plan from the request and the instruction together \(no model used\); changes made by hand to the previous version are not carried over/);
  });

  it('answers not_found for a base version of another workspace', async () => {
    t = await openPlannerEngine();
    const other = await t.client.workspaces.create({ name: 'Other' });
    const first = await t.client.plans.generate({ workspaceId: other.id, request: 'Summarize notes.txt' });
    const error = await rejectionOf(
      t.client.plans.generate({ workspaceId: t.workspaceId, request: 'x', basePlanVersionId: first.version.id, instruction: 'add an approval' }),
    );
    expect(error.code).toBe('not_found');
  });

  it('learns from past runs: the offline planner prefers the search agent that succeeds', async () => {
    t = await openPlannerEngine({ extraAgents: [notesSearch] });
    // files.search fails three times (a folder it may not read); notes.search succeeds three times.
    for (let index = 0; index < 3; index += 1) {
      expect((await t.run([{ id: 'a', title: 'A', agent: 'files.search', input: { query: 'x', folder: '/no/such/folder' } }])).run.status).toBe('failed');
      expect((await t.run([{ id: 'b', title: 'B', agent: 'notes.search', input: { query: 'x' } }])).run.status).toBe('completed');
    }
    const offline = await t.client.plans.generate({ workspaceId: t.workspaceId, request: 'Find notes about the budget and summarize them' });
    expect(offline.version.graph.steps.map((step) => step.agent)).toEqual(['notes.search', 'llm.summarize']);

  });

  it('puts agent statistics from finished runs into the model prompt', async () => {
    gemini = await startFakeGemini(loadGeminiFixture('good-plan').replies);
    t = await openPlannerEngine({ env: { GEMINI_API_KEY: 'k' }, settings: { 'planner.gemini.baseUrl': gemini.baseUrl } });
    for (let index = 0; index < 2; index += 1) {
      await t.run([{ id: 'a', title: 'A', agent: 'files.search', input: { query: 'x', folder: '/no/such/folder' } }]);
    }
    await t.run([{ id: 'b', title: 'B', agent: 'template', input: { template: 'hi' } }]);
    const result = await t.client.plans.generate({ workspaceId: t.workspaceId, request: 'Summarize my December notes', provider: 'gemini', model: 'gemini-2.5-flash-lite' });
    expect(result.model).toBe('gemini-2.5-flash-lite');
    const prompt = promptText(gemini.requests[0]!);
    expect(prompt).toContain('What past runs in this workspace show');
    expect(prompt).toMatch(/- files\.search: 2 finished steps, 0% succeeded, no timing, \$0\.0000 per step/);
    expect(prompt).toMatch(/- template: 1 finished step, 100% succeeded, median [\d.]+ m?s, \$0\.0000 per step/);
    expect(gemini.requests[0]!.model).toBe('gemini-2.5-flash-lite');
  });
});
