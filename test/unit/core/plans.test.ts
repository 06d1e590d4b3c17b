import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeGraph, makeStep, openTestEngine, rejectionOf, type TestEngine } from '../../helpers/builders';

let t: TestEngine;
let workspaceId: string;
beforeEach(async () => {
  t = await openTestEngine();
  workspaceId = t.defaultWorkspaceId;
});
afterEach(() => t.close());

const twoSteps = makeGraph({ research: [], write: ['research'] }, { research: { x: 0, y: 0 }, write: { x: 200, y: 0 } });
const threeSteps = makeGraph({ research: [], write: ['research'], review: ['write'] });

describe('plans.create', () => {
  it('creates a plan at version 1, empty when no graph is given', async () => {
    const { plan, version } = await t.client.plans.create({ workspaceId, title: 'Launch', request: 'Plan the launch' });
    expect(plan).toMatchObject({ workspaceId, title: 'Launch', request: 'Plan the launch', headVersion: 1 });
    expect(version).toMatchObject({ planId: plan.id, number: 1, parentId: null, author: 'user', stepCount: 0 });
    expect(version.graph).toEqual({ steps: [], layout: {} });
    expect(await t.client.plans.get({ workspaceId, planId: plan.id })).toEqual({ plan, version });
  });

  it('keeps the given graph and lists the plan with its step count', async () => {
    const { plan, version } = await t.client.plans.create({ workspaceId, title: 'Launch', graph: twoSteps, message: 'From the planner' });
    expect(version).toMatchObject({ message: 'From the planner', stepCount: 2 });
    expect(version.graph).toEqual(twoSteps);
    expect(await t.client.plans.list({ workspaceId })).toEqual([{ ...plan, stepCount: 2 }]);
  });

  it('refuses a graph with a cycle and creates nothing', async () => {
    const error = await rejectionOf(
      t.client.plans.create({ workspaceId, title: 'Loop', graph: makeGraph({ a: ['b'], b: ['a'] }) }),
    );
    expect(error.code).toBe('bad_input');
    expect(error.details).toEqual([expect.objectContaining({ code: 'cycle' })]);
    expect(await t.client.plans.list({ workspaceId })).toEqual([]);
  });

  it('lists plans most recently changed first', async () => {
    const first = await t.client.plans.create({ workspaceId, title: 'First' });
    const second = await t.client.plans.create({ workspaceId, title: 'Second' });
    expect((await t.client.plans.list({ workspaceId })).map((plan) => plan.id)).toEqual([second.plan.id, first.plan.id]);
    await t.client.plans.saveVersion({ workspaceId, planId: first.plan.id, graph: twoSteps, message: 'Edit' });
    expect((await t.client.plans.list({ workspaceId })).map((plan) => plan.id)).toEqual([first.plan.id, second.plan.id]);
  });
});

describe('plans.saveVersion', () => {
  it('appends version 2 whose parent is version 1, by the user, and moves the head', async () => {
    const created = await t.client.plans.create({ workspaceId, title: 'Launch', graph: twoSteps });
    const planId = created.plan.id;
    const v2 = await t.client.plans.saveVersion({ workspaceId, planId, graph: threeSteps, message: 'Add review', baseVersion: 1 });
    expect(v2).toMatchObject({ planId, number: 2, parentId: created.version.id, author: 'user', message: 'Add review', stepCount: 3 });

    const head = await t.client.plans.get({ workspaceId, planId });
    expect(head.plan.headVersion).toBe(2);
    expect(head.version).toEqual(v2);
    expect((await t.client.plans.get({ workspaceId, planId, version: 1 })).version).toEqual(created.version);
    expect((await t.client.plans.list({ workspaceId }))[0]?.stepCount).toBe(3);

    const history = await t.client.plans.versions({ workspaceId, planId });
    expect(history.map((version) => [version.number, version.parentId])).toEqual([
      [2, created.version.id],
      [1, null],
    ]);
  });

  it("keeps an author other than the user when one is given", async () => {
    const { plan } = await t.client.plans.create({ workspaceId, title: 'Launch' });
    const version = await t.client.plans.saveVersion({ workspaceId, planId: plan.id, graph: twoSteps, message: 'Replanned', author: 'replanner' });
    expect(version.author).toBe('replanner');
  });

  it('answers conflict when the plan moved past the edited version, and writes nothing', async () => {
    const { plan } = await t.client.plans.create({ workspaceId, title: 'Launch', graph: twoSteps });
    await t.client.plans.saveVersion({ workspaceId, planId: plan.id, graph: threeSteps, message: 'Someone else', baseVersion: 1 });
    const eventsBefore = t.events.length;

    const error = await rejectionOf(
      t.client.plans.saveVersion({ workspaceId, planId: plan.id, graph: makeGraph({ mine: [] }), message: 'Mine', baseVersion: 1 }),
    );
    expect(error.code).toBe('conflict');
    expect(error.details).toEqual({ baseVersion: 1, headVersion: 2 });
    expect(error.message).toMatch(/version 1.*newest is 2/);

    const head = await t.client.plans.get({ workspaceId, planId: plan.id });
    expect(head.plan.headVersion).toBe(2);
    expect(head.version.graph).toEqual(threeSteps);
    expect(await t.client.plans.versions({ workspaceId, planId: plan.id })).toHaveLength(2);
    expect(t.events.length).toBe(eventsBefore);
  });

  it('refuses a graph with a cycle as bad input and leaves the head where it was', async () => {
    const { plan, version } = await t.client.plans.create({ workspaceId, title: 'Launch', graph: twoSteps });
    const error = await rejectionOf(
      t.client.plans.saveVersion({
        workspaceId,
        planId: plan.id,
        graph: makeGraph({ research: ['write'], write: ['research'] }),
        message: 'Loop',
      }),
    );
    expect(error.code).toBe('bad_input');
    expect(error.message).toMatch(/circle/);
    expect(error.details).toEqual([expect.objectContaining({ code: 'cycle' })]);
    expect(await t.client.plans.get({ workspaceId, planId: plan.id })).toEqual({ plan, version });
    expect(await t.client.plans.versions({ workspaceId, planId: plan.id })).toHaveLength(1);
  });

  it('stores layout only for steps of the graph', async () => {
    const { plan } = await t.client.plans.create({ workspaceId, title: 'Launch' });
    const saved = await t.client.plans.saveVersion({
      workspaceId,
      planId: plan.id,
      graph: makeGraph({ a: [] }, { a: { x: 1, y: 1 }, deleted: { x: 9, y: 9 } }),
      message: 'Removed a step',
    });
    expect(saved.graph.layout).toEqual({ a: { x: 1, y: 1 } });
    expect((await t.client.plans.get({ workspaceId, planId: plan.id })).version.graph.layout).toEqual({ a: { x: 1, y: 1 } });
  });

  it('refuses a version without a message', async () => {
    const { plan } = await t.client.plans.create({ workspaceId, title: 'Launch' });
    const error = await rejectionOf(t.client.plans.saveVersion({ workspaceId, planId: plan.id, graph: twoSteps, message: '  ' }));
    expect(error.code).toBe('bad_input');
    expect(error.details).toEqual([expect.objectContaining({ path: 'message', message: 'a version needs a message' })]);
  });
});

describe('plans.restore', () => {
  it('makes a new head version equal to the old one, keeping history append-only', async () => {
    const { plan, version: v1 } = await t.client.plans.create({ workspaceId, title: 'Launch', graph: twoSteps });
    const v2 = await t.client.plans.saveVersion({ workspaceId, planId: plan.id, graph: threeSteps, message: 'Add review' });
    expect(v2.contentHash).not.toBe(v1.contentHash);

    const v3 = await t.client.plans.restore({ workspaceId, planId: plan.id, version: 1 });
    expect(v3).toMatchObject({ number: 3, parentId: v2.id, contentHash: v1.contentHash, stepCount: 2, message: 'Restored version 1' });
    expect(v3.graph).toEqual(v1.graph);
    expect((await t.client.plans.get({ workspaceId, planId: plan.id })).version).toEqual(v3);
    expect((await t.client.plans.versions({ workspaceId, planId: plan.id })).map((version) => version.number)).toEqual([3, 2, 1]);
    expect((await t.client.plans.get({ workspaceId, planId: plan.id, version: 2 })).version).toEqual(v2);
  });

  it('answers not_found for a version that does not exist', async () => {
    const { plan } = await t.client.plans.create({ workspaceId, title: 'Launch' });
    const error = await rejectionOf(t.client.plans.restore({ workspaceId, planId: plan.id, version: 5 }));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/no version 5/);
    expect(await t.client.plans.versions({ workspaceId, planId: plan.id })).toHaveLength(1);
  });
});

describe('plans.importFile and plans.exportFile', () => {
  const richGraph = makeGraph(
    [
      makeStep('research', { title: 'מחקר', agent: 'web', input: { query: 'קפה' } }),
      makeStep('write', { agent: 'llm', dependsOn: ['research'], approval: 'always', retry: { maxAttempts: 2 }, timeoutMs: 5000 }),
    ],
    { research: { x: 0, y: 0 }, write: { x: 300, y: 10 } },
  );

  it('round-trips: exporting an imported file gives the same text', async () => {
    const source = await t.client.plans.create({ workspaceId, title: 'השקת קפה', request: 'Open a café', graph: richGraph });
    const exported = await t.client.plans.exportFile({ workspaceId, planId: source.plan.id });
    expect(exported.fileName).toBe('השקת-קפה.v1.tizmor.json');

    const imported = await t.client.plans.importFile({ workspaceId, content: exported.content, fileName: exported.fileName });
    expect(imported.plan).toMatchObject({ title: 'השקת קפה', request: 'Open a café', headVersion: 1 });
    expect(imported.plan.id).not.toBe(source.plan.id);
    expect(imported.version).toMatchObject({ message: `Imported from ${exported.fileName}`, contentHash: source.version.contentHash });
    expect(imported.version.graph).toEqual(richGraph);

    const again = await t.client.plans.exportFile({ workspaceId, planId: imported.plan.id });
    expect(again.content).toBe(exported.content);
  });

  it('exports an older version when asked, named after its number', async () => {
    const { plan } = await t.client.plans.create({ workspaceId, title: 'Launch', graph: twoSteps });
    await t.client.plans.saveVersion({ workspaceId, planId: plan.id, graph: threeSteps, message: 'More' });
    const old = await t.client.plans.exportFile({ workspaceId, planId: plan.id, version: 1 });
    expect(old.fileName).toBe('Launch.v1.tizmor.json');
    expect((JSON.parse(old.content) as { steps: unknown[] }).steps).toHaveLength(2);
    expect((await t.client.plans.exportFile({ workspaceId, planId: plan.id })).fileName).toBe('Launch.v2.tizmor.json');
  });

  it('refuses a broken file as bad input with details, creating no plan', async () => {
    const error = await rejectionOf(
      t.client.plans.importFile({ workspaceId, content: JSON.stringify({ version: 1, title: 'x', steps: [{ id: 'a' }] }) }),
    );
    expect(error.code).toBe('bad_input');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'steps.0.title' })]));
    const notJson = await rejectionOf(t.client.plans.importFile({ workspaceId, content: 'not json' }));
    expect(notJson.code).toBe('bad_input');
    expect(await t.client.plans.list({ workspaceId })).toEqual([]);
  });

  it('refuses a file over 4 MB before reading it', async () => {
    const error = await rejectionOf(t.client.plans.importFile({ workspaceId, content: ' '.repeat(4 * 1024 * 1024 + 1) }));
    expect(error.code).toBe('bad_input');
    expect(error.details).toEqual([expect.objectContaining({ path: 'content', message: expect.stringMatching(/4 MB/) })]);
  });
});

describe('plans.rename and plans.delete', () => {
  it('renames a plan without making a version', async () => {
    const { plan } = await t.client.plans.create({ workspaceId, title: 'Draft' });
    const renamed = await t.client.plans.rename({ workspaceId, planId: plan.id, title: 'Final' });
    expect(renamed).toMatchObject({ id: plan.id, title: 'Final', headVersion: 1 });
    expect(renamed.updatedAt > plan.updatedAt).toBe(true);
    expect(await t.client.plans.versions({ workspaceId, planId: plan.id })).toHaveLength(1);
  });

  it('deletes a plan and its versions; afterwards it is not found', async () => {
    const { plan } = await t.client.plans.create({ workspaceId, title: 'Gone', graph: twoSteps });
    await t.client.plans.saveVersion({ workspaceId, planId: plan.id, graph: threeSteps, message: 'v2' });
    const other = await t.client.plans.create({ workspaceId, title: 'Stays' });

    expect(await t.client.plans.delete({ workspaceId, planId: plan.id })).toEqual({ deleted: true });
    expect((await t.client.plans.list({ workspaceId })).map((item) => item.id)).toEqual([other.plan.id]);
    expect(t.engine.store.plans.listVersions(workspaceId, plan.id)).toEqual([]);
    for (const call of [
      t.client.plans.get({ workspaceId, planId: plan.id }),
      t.client.plans.versions({ workspaceId, planId: plan.id }),
      t.client.plans.delete({ workspaceId, planId: plan.id }),
    ]) {
      expect((await rejectionOf(call)).code).toBe('not_found');
    }
  });
});

describe('plans.validate', () => {
  it('reports problems without saving anything', async () => {
    const result = await t.client.plans.validate({ workspaceId, graph: makeGraph({ a: ['ghost'] }) });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'missing_dependency', stepId: 'a' })]));
    // The builders use agents the catalog does not have; validation names them too.
    expect(result.problems).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'unknown_agent', stepId: 'a' })]));
    const runnable = { steps: twoSteps.steps.map((step) => ({ ...step, agent: 'sim', input: {} })), layout: twoSteps.layout };
    expect(await t.client.plans.validate({ workspaceId, graph: runnable })).toEqual({ ok: true, problems: [] });
    expect((await t.client.plans.list({ workspaceId })).length).toBe(0);
  });
});

describe('settings', () => {
  it('sets, overwrites and lists workspace settings', async () => {
    expect(await t.client.settings.get({ workspaceId })).toEqual({});
    expect(await t.client.settings.set({ workspaceId, key: 'model', value: 'small' })).toEqual({ model: 'small' });
    await t.client.settings.set({ workspaceId, key: 'limits', value: { steps: 10, agents: ['llm'] } });
    expect(await t.client.settings.set({ workspaceId, key: 'model', value: 'big' })).toEqual({
      model: 'big',
      limits: { steps: 10, agents: ['llm'] },
    });
    expect(await t.client.settings.get({ workspaceId })).toEqual({ model: 'big', limits: { steps: 10, agents: ['llm'] } });
  });
});
