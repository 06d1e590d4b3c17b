import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanWithVersion, TizmorClient } from '../../../engine/api';
import { serializePlanFile } from '../../../engine/plan/plan-file-io';
import { makeGraph, openTestEngine, rejectionOf, type TestEngine } from '../../helpers/builders';

let t: TestEngine;
let client: TizmorClient;
let A: string;
let B: string;
let planOfA: PlanWithVersion;

beforeEach(async () => {
  t = await openTestEngine();
  client = t.client;
  A = t.defaultWorkspaceId;
  B = (await client.workspaces.create({ name: 'Other team' })).id;
  planOfA = await client.plans.create({ workspaceId: A, title: 'Secret plan', graph: makeGraph({ a: [], b: ['a'] }) });
  await client.plans.saveVersion({ workspaceId: A, planId: planOfA.plan.id, graph: makeGraph({ a: [] }), message: 'v2' });
  await client.settings.set({ workspaceId: A, key: 'apiKeyName', value: 'team-a' });
});
afterEach(() => t.close());

/** Every method that names a plan, called with the given workspace id and A's plan id. */
function planScopedCalls(workspaceId: string, planId: string): Record<string, () => Promise<unknown>> {
  return {
    'plans.get': () => client.plans.get({ workspaceId, planId }),
    'plans.get (version)': () => client.plans.get({ workspaceId, planId, version: 1 }),
    'plans.rename': () => client.plans.rename({ workspaceId, planId, title: 'Hijacked' }),
    'plans.delete': () => client.plans.delete({ workspaceId, planId }),
    'plans.saveVersion': () => client.plans.saveVersion({ workspaceId, planId, graph: makeGraph({ x: [] }), message: 'Hijack' }),
    'plans.versions': () => client.plans.versions({ workspaceId, planId }),
    'plans.restore': () => client.plans.restore({ workspaceId, planId, version: 1 }),
    'plans.exportFile': () => client.plans.exportFile({ workspaceId, planId }),
  };
}

/** A's data, as A sees it. */
async function snapshotOfA() {
  return {
    plans: await client.plans.list({ workspaceId: A }),
    head: await client.plans.get({ workspaceId: A, planId: planOfA.plan.id }),
    versions: await client.plans.versions({ workspaceId: A, planId: planOfA.plan.id }),
    settings: await client.settings.get({ workspaceId: A }),
  };
}

describe("asking for workspace A's plan with workspace B's id", () => {
  it.each(Object.keys(planScopedCalls('', '')))('%s answers not_found and changes nothing in A', async (name) => {
    const before = await snapshotOfA();
    const eventsBefore = t.events.length;
    const error = await rejectionOf((planScopedCalls(B, planOfA.plan.id)[name] as () => Promise<unknown>)());
    expect(error.code).toBe('not_found');
    expect(error.message).not.toContain('Secret plan');
    expect(await snapshotOfA()).toEqual(before);
    expect(t.events.length).toBe(eventsBefore);
  });

  it("plans.list and settings.get of B show nothing of A's", async () => {
    expect(await client.plans.list({ workspaceId: B })).toEqual([]);
    expect(await client.settings.get({ workspaceId: B })).toEqual({});
  });

  it("settings.set in B does not change A's value of the same key", async () => {
    expect(await client.settings.set({ workspaceId: B, key: 'apiKeyName', value: 'team-b' })).toEqual({ apiKeyName: 'team-b' });
    expect(await client.settings.get({ workspaceId: A })).toEqual({ apiKeyName: 'team-a' });
  });

  it('plans.create and plans.importFile in B put the plan in B only', async () => {
    const created = await client.plans.create({ workspaceId: B, title: 'B plan' });
    const imported = await client.plans.importFile({
      workspaceId: B,
      content: serializePlanFile({ title: 'B import', request: null }, makeGraph({ a: [] })),
    });
    expect((await client.plans.list({ workspaceId: B })).map((plan) => plan.id).sort()).toEqual(
      [created.plan.id, imported.plan.id].sort(),
    );
    expect((await client.plans.list({ workspaceId: A })).map((plan) => plan.id)).toEqual([planOfA.plan.id]);
    expect((await rejectionOf(client.plans.get({ workspaceId: A, planId: created.plan.id }))).code).toBe('not_found');
  });
});

describe('a workspace id that does not exist', () => {
  const ghost = 'no-such-workspace';
  const calls: Record<string, () => Promise<unknown>> = {
    'plans.list': () => client.plans.list({ workspaceId: ghost }),
    'plans.create': () => client.plans.create({ workspaceId: ghost, title: 'x' }),
    'plans.validate': () => client.plans.validate({ workspaceId: ghost, graph: makeGraph({ a: [] }) }),
    'plans.importFile': () =>
      client.plans.importFile({ workspaceId: ghost, content: serializePlanFile({ title: 'x', request: null }, makeGraph({})) }),
    'settings.get': () => client.settings.get({ workspaceId: ghost }),
    'settings.set': () => client.settings.set({ workspaceId: ghost, key: 'k', value: 1 }),
  };

  it.each(Object.keys(calls))('%s answers not_found naming the workspace', async (name) => {
    const error = await rejectionOf((calls[name] as () => Promise<unknown>)());
    expect(error.code).toBe('not_found');
    expect(error.details).toEqual({ workspaceId: ghost });
  });

  it.each(Object.keys(planScopedCalls('', '')))('%s answers not_found', async (name) => {
    const error = await rejectionOf((planScopedCalls(ghost, planOfA.plan.id)[name] as () => Promise<unknown>)());
    expect(error.code).toBe('not_found');
  });
});
