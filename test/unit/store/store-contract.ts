import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../engine/store/store';
import { makeGraph, makePlan, makeVersion, makeWorkspace } from '../../helpers/builders';

/** One opened store under test. */
export interface StoreHarness {
  store: Store;
  /** Closes the current store and opens the same data again (adapters that persist). */
  reopen?: () => Store;
  /** Closes whatever is open and removes what the harness created. */
  cleanup: () => void;
}

const A = 'ws-a';
const B = 'ws-b';

/**
 * The conformance suite of the Store port: every adapter must pass it unchanged.
 * `open` is called once per test and must return an empty, migrated store.
 */
export function describeStoreContract(name: string, open: () => StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;

    beforeEach(() => {
      harness = open();
      store = harness.store;
    });
    afterEach(() => harness.cleanup());

    /** Two workspaces; A holds a plan with two versions and a setting. */
    function seedTwoWorkspaces() {
      store.workspaces.insert(makeWorkspace(A, { isDefault: true }));
      store.workspaces.insert(makeWorkspace(B));
      const plan = makePlan(A, 'plan-a', { headVersion: 2 });
      const v1 = makeVersion(plan.id, 1, makeGraph({ a: [] }));
      const v2 = makeVersion(plan.id, 2, makeGraph({ a: [], b: ['a'] }));
      store.plans.insert(plan);
      store.plans.insertVersion(A, v1);
      store.plans.insertVersion(A, v2);
      store.settings.set(A, 'model', 'big');
      return { plan, v1, v2 };
    }

    describe('workspaces', () => {
      it('starts empty, migrated to a positive schema version', () => {
        expect(store.schemaVersion).toBeGreaterThanOrEqual(1);
        expect(store.workspaces.list()).toEqual([]);
      });

      it('returns an inserted workspace by id, and undefined for an unknown id', () => {
        const workspace = makeWorkspace('w1', { name: 'מחקר', isDefault: true });
        store.workspaces.insert(workspace);
        expect(store.workspaces.get('w1')).toEqual(workspace);
        expect(store.workspaces.get('nope')).toBeUndefined();
      });

      it('lists the default workspace first, then the others oldest first', () => {
        store.workspaces.insert(makeWorkspace('late', { name: 'Late', createdAt: '2025-03-03T00:00:00.000Z' }));
        store.workspaces.insert(makeWorkspace('early', { name: 'Early', createdAt: '2025-03-02T00:00:00.000Z' }));
        store.workspaces.insert(
          makeWorkspace('def', { name: 'Default', isDefault: true, createdAt: '2025-03-09T00:00:00.000Z' }),
        );
        expect(store.workspaces.list().map((workspace) => workspace.id)).toEqual(['def', 'early', 'late']);
        expect(store.workspaces.list()[0]?.isDefault).toBe(true);
      });

      it('refuses a duplicate id and a second default workspace', () => {
        store.workspaces.insert(makeWorkspace('w1', { isDefault: true }));
        expect(() => store.workspaces.insert(makeWorkspace('w1', { name: 'Other' }))).toThrow();
        expect(() => store.workspaces.insert(makeWorkspace('w2', { isDefault: true }))).toThrow();
        expect(store.workspaces.list()).toEqual([makeWorkspace('w1', { isDefault: true })]);
      });
    });

    describe('plans', () => {
      beforeEach(() => store.workspaces.insert(makeWorkspace(A, { isDefault: true })));

      it('returns an inserted plan by workspace and id', () => {
        const plan = makePlan(A, 'p1', { title: 'תוכנית שיווק', request: 'Plan a launch' });
        store.plans.insert(plan);
        store.plans.insertVersion(A, makeVersion('p1', 1));
        expect(store.plans.get(A, 'p1')).toEqual(plan);
        expect(store.plans.get(A, 'missing')).toBeUndefined();
      });

      it('refuses a plan for a workspace that does not exist', () => {
        expect(() => store.plans.insert(makePlan('no-such-workspace', 'p1'))).toThrow();
        expect(store.plans.get('no-such-workspace', 'p1')).toBeUndefined();
      });

      it('lists plans most recently changed first, with the step count of the head version', () => {
        store.plans.insert(makePlan(A, 'old', { updatedAt: '2025-03-01T10:00:00.000Z' }));
        store.plans.insertVersion(A, makeVersion('old', 1, makeGraph({ a: [] })));
        store.plans.insert(makePlan(A, 'new', { updatedAt: '2025-03-02T10:00:00.000Z', headVersion: 2 }));
        store.plans.insertVersion(A, makeVersion('new', 1, makeGraph({ a: [], b: [] })));
        store.plans.insertVersion(A, makeVersion('new', 2, makeGraph({ a: [], b: [], c: ['a', 'b'] })));

        const list = store.plans.list(A);
        expect(list.map((plan) => [plan.id, plan.stepCount])).toEqual([
          ['new', 3],
          ['old', 1],
        ]);
        expect(list[0]).toMatchObject(makePlan(A, 'new', { updatedAt: '2025-03-02T10:00:00.000Z', headVersion: 2 }));
      });

      it('updates the title alone, the head alone, and follows the head in the list', () => {
        store.plans.insert(makePlan(A, 'p1'));
        store.plans.insertVersion(A, makeVersion('p1', 1, makeGraph({ a: [] })));
        store.plans.insertVersion(A, makeVersion('p1', 2, makeGraph({ a: [], b: [], c: [] })));

        expect(store.plans.update(A, 'p1', { title: 'Renamed', updatedAt: '2025-03-05T00:00:00.000Z' })).toBe(true);
        expect(store.plans.get(A, 'p1')).toMatchObject({ title: 'Renamed', headVersion: 1, updatedAt: '2025-03-05T00:00:00.000Z' });
        expect(store.plans.list(A)[0]?.stepCount).toBe(1);

        expect(store.plans.update(A, 'p1', { headVersion: 2, updatedAt: '2025-03-06T00:00:00.000Z' })).toBe(true);
        expect(store.plans.get(A, 'p1')).toMatchObject({ title: 'Renamed', headVersion: 2, updatedAt: '2025-03-06T00:00:00.000Z' });
        expect(store.plans.list(A)[0]?.stepCount).toBe(3);
      });

      it('answers false when updating or deleting a plan that does not exist', () => {
        expect(store.plans.update(A, 'missing', { title: 'x', updatedAt: '2025-03-05T00:00:00.000Z' })).toBe(false);
        expect(store.plans.delete(A, 'missing')).toBe(false);
      });

      it('deletes a plan together with all its versions', () => {
        store.plans.insert(makePlan(A, 'p1', { headVersion: 2 }));
        store.plans.insertVersion(A, makeVersion('p1', 1));
        store.plans.insertVersion(A, makeVersion('p1', 2));
        store.plans.insert(makePlan(A, 'keep'));
        store.plans.insertVersion(A, makeVersion('keep', 1));

        expect(store.plans.delete(A, 'p1')).toBe(true);
        expect(store.plans.get(A, 'p1')).toBeUndefined();
        expect(store.plans.getVersion(A, 'p1', 1)).toBeUndefined();
        expect(store.plans.getVersion(A, 'p1', 2)).toBeUndefined();
        expect(store.plans.listVersions(A, 'p1')).toEqual([]);
        expect(store.plans.list(A).map((plan) => plan.id)).toEqual(['keep']);
        expect(store.plans.listVersions(A, 'keep')).toHaveLength(1);
        expect(store.plans.delete(A, 'p1')).toBe(false);
      });
    });

    describe('versions', () => {
      beforeEach(() => {
        store.workspaces.insert(makeWorkspace(A, { isDefault: true }));
        store.plans.insert(makePlan(A, 'p1', { headVersion: 3 }));
      });

      it('returns a version with its whole graph, layout and options included', () => {
        const graph = makeGraph(
          [
            { id: 'fetch', title: 'אסוף נתונים', agent: 'http', input: { url: 'https://x.test', n: [1, 2] }, dependsOn: [] },
            {
              id: 'sum',
              title: 'Summarize',
              agent: 'llm',
              input: { text: '{{steps.fetch.output}}' },
              dependsOn: ['fetch'],
              approval: 'always',
              retry: { maxAttempts: 3, backoffMs: 500 },
              timeoutMs: 60_000,
              cache: false,
              resources: ['gpu'],
            },
          ],
          { fetch: { x: 0, y: 0 }, sum: { x: 240.5, y: -80 } },
        );
        const version = makeVersion('p1', 1, graph, { author: 'planner', message: 'First draft' });
        store.plans.insertVersion(A, version);
        expect(store.plans.getVersion(A, 'p1', 1)).toEqual(version);
        expect(store.plans.getVersion(A, 'p1', 2)).toBeUndefined();
      });

      it('lists versions newest first, as summaries without the graph', () => {
        store.plans.insertVersion(A, makeVersion('p1', 1, makeGraph({ a: [] })));
        store.plans.insertVersion(A, makeVersion('p1', 2, makeGraph({ a: [], b: [] })));
        store.plans.insertVersion(A, makeVersion('p1', 3, makeGraph({ a: [], b: [], c: [] }), { author: 'replanner' }));

        const list = store.plans.listVersions(A, 'p1');
        expect(list.map((version) => [version.number, version.stepCount, version.author])).toEqual([
          [3, 3, 'replanner'],
          [2, 2, 'user'],
          [1, 1, 'user'],
        ]);
        const { graph: _graph, ...summaryOf3 } = makeVersion('p1', 3, makeGraph({ a: [], b: [], c: [] }), { author: 'replanner' });
        expect(list[0]).toEqual(summaryOf3);
        expect(list[0]).not.toHaveProperty('graph');
      });

      it('refuses a second version with the same number and keeps the first', () => {
        const first = makeVersion('p1', 1, makeGraph({ a: [] }));
        store.plans.insertVersion(A, first);
        expect(() =>
          store.plans.insertVersion(A, makeVersion('p1', 1, makeGraph({ z: [] }), { id: 'another-id', message: 'Clash' })),
        ).toThrow();
        expect(store.plans.getVersion(A, 'p1', 1)).toEqual(first);
        expect(store.plans.listVersions(A, 'p1')).toHaveLength(1);
      });

      it('refuses a version of a plan that does not exist', () => {
        expect(() => store.plans.insertVersion(A, makeVersion('ghost', 1))).toThrow();
        expect(store.plans.listVersions(A, 'ghost')).toEqual([]);
      });
    });

    describe('settings', () => {
      beforeEach(() => store.workspaces.insert(makeWorkspace(A, { isDefault: true })));

      it('has no settings at first', () => {
        expect(store.settings.all(A)).toEqual({});
      });

      it('keeps any JSON value and overwrites a key on a second set', () => {
        store.settings.set(A, 'model', 'small');
        store.settings.set(A, 'limits', { maxSteps: 20, agents: ['llm', 'http'], nested: { on: true, none: null } });
        store.settings.set(A, 'language', 'עברית');
        store.settings.set(A, 'ratio', 0.5);
        store.settings.set(A, 'model', 'big');
        expect(store.settings.all(A)).toEqual({
          model: 'big',
          limits: { maxSteps: 20, agents: ['llm', 'http'], nested: { on: true, none: null } },
          language: 'עברית',
          ratio: 0.5,
        });
      });

      it('refuses a setting for a workspace that does not exist', () => {
        expect(() => store.settings.set('no-such-workspace', 'model', 'big')).toThrow();
        expect(store.settings.all('no-such-workspace')).toEqual({});
      });
    });

    describe('transaction', () => {
      it('returns what the work returns and keeps its writes', () => {
        const result = store.transaction(() => {
          store.workspaces.insert(makeWorkspace(A, { isDefault: true }));
          return 42;
        });
        expect(result).toBe(42);
        expect(store.workspaces.get(A)).toBeDefined();
      });

      it('rolls back every write when the work throws, and rethrows the error', () => {
        store.workspaces.insert(makeWorkspace(A, { isDefault: true }));
        store.settings.set(A, 'model', 'small');
        const failure = new Error('boom');
        expect(() =>
          store.transaction(() => {
            store.workspaces.insert(makeWorkspace(B));
            store.plans.insert(makePlan(A, 'p1'));
            store.plans.insertVersion(A, makeVersion('p1', 1));
            store.settings.set(A, 'model', 'big');
            store.settings.set(B, 'theme', 'dark');
            throw failure;
          }),
        ).toThrow(failure);
        expect(store.workspaces.list().map((workspace) => workspace.id)).toEqual([A]);
        expect(store.plans.get(A, 'p1')).toBeUndefined();
        expect(store.plans.listVersions(A, 'p1')).toEqual([]);
        expect(store.settings.all(A)).toEqual({ model: 'small' });
        expect(store.settings.all(B)).toEqual({});
      });
    });

    describe("workspace isolation: asking with workspace B's id never reaches workspace A's rows", () => {
      it('plans.get, plans.list, getVersion and listVersions return nothing', () => {
        const { plan, v2 } = seedTwoWorkspaces();
        expect(store.plans.get(B, plan.id)).toBeUndefined();
        expect(store.plans.list(B)).toEqual([]);
        expect(store.plans.getVersion(B, plan.id, 1)).toBeUndefined();
        expect(store.plans.getVersion(B, plan.id, 2)).toBeUndefined();
        expect(store.plans.listVersions(B, plan.id)).toEqual([]);
        // ...while A still sees them.
        expect(store.plans.getVersion(A, plan.id, 2)).toEqual(v2);
      });

      it('plans.update changes nothing and answers false', () => {
        const { plan } = seedTwoWorkspaces();
        expect(store.plans.update(B, plan.id, { title: 'Hijacked', headVersion: 1, updatedAt: '2030-01-01T00:00:00.000Z' })).toBe(false);
        expect(store.plans.get(A, plan.id)).toEqual(plan);
      });

      it('plans.delete deletes nothing and answers false', () => {
        const { plan } = seedTwoWorkspaces();
        expect(store.plans.delete(B, plan.id)).toBe(false);
        expect(store.plans.get(A, plan.id)).toEqual(plan);
        expect(store.plans.listVersions(A, plan.id)).toHaveLength(2);
      });

      it("insertVersion under B's id for A's plan is refused and A's history is unchanged", () => {
        const { plan } = seedTwoWorkspaces();
        expect(() => store.plans.insertVersion(B, makeVersion(plan.id, 3))).toThrow();
        expect(store.plans.listVersions(A, plan.id).map((version) => version.number)).toEqual([2, 1]);
        expect(store.plans.listVersions(B, plan.id)).toEqual([]);
      });

      it("settings of A are not read, and not overwritten, through B's id", () => {
        seedTwoWorkspaces();
        expect(store.settings.all(B)).toEqual({});
        store.settings.set(B, 'model', 'tiny');
        expect(store.settings.all(A)).toEqual({ model: 'big' });
        expect(store.settings.all(B)).toEqual({ model: 'tiny' });
      });
    });

    describe('persistence', () => {
      it('keeps workspaces, plans, versions and settings across close and reopen', (context) => {
        if (!harness.reopen) {
          context.skip('this adapter does not persist');
          return;
        }
        const { plan, v1, v2 } = seedTwoWorkspaces();
        const before = { workspaces: store.workspaces.list(), plans: store.plans.list(A) };
        store = harness.reopen();
        expect(store.workspaces.list()).toEqual(before.workspaces);
        expect(store.plans.list(A)).toEqual(before.plans);
        expect(store.plans.get(A, plan.id)).toEqual(plan);
        expect(store.plans.getVersion(A, plan.id, 1)).toEqual(v1);
        expect(store.plans.getVersion(A, plan.id, 2)).toEqual(v2);
        expect(store.settings.all(A)).toEqual({ model: 'big' });
      });
    });
  });
}
