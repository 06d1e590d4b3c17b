import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../engine/engine';
import { makeGraph, makeTempDir, openTestEngine, type TestEngine } from '../../helpers/builders';

interface Seen {
  change: string;
  headVersion: number | undefined;
  /** What another connection to the data file read while the listener ran. */
  committedHead: number | null;
  committedVersions: number;
  /** What the client reads once the listener asks. */
  clientHead: number | null;
}

let t: TestEngine;
let reader: Database.Database;
let removeDir: () => void;

beforeEach(async () => {
  const temp = makeTempDir();
  removeDir = temp.remove;
  t = await openTestEngine({ dataDir: temp.dir });
  reader = new Database(join(temp.dir, DATABASE_FILE), { readonly: true });
});
afterEach(() => {
  reader.close();
  t.close();
  removeDir();
});

/** Records, inside each plan.changed listener call, what a separate connection and the client can read. */
function watchPlanChanges(): { seen: Seen[]; settled: () => Promise<void> } {
  const seen: Seen[] = [];
  const pending: Promise<void>[] = [];
  const headOf = reader.prepare('SELECT head_version AS head FROM plans WHERE id = ?');
  const versionCount = reader.prepare('SELECT COUNT(*) AS n FROM plan_versions WHERE plan_id = ?');
  t.client.on('plan.changed', (payload) => {
    const row = headOf.get(payload.planId) as { head: number } | undefined;
    const entry: Seen = {
      change: payload.change,
      headVersion: payload.headVersion,
      committedHead: row?.head ?? null,
      committedVersions: (versionCount.get(payload.planId) as { n: number }).n,
      clientHead: null,
    };
    seen.push(entry);
    pending.push(
      t.client.plans.get({ workspaceId: payload.workspaceId, planId: payload.planId }).then(
        (result) => {
          entry.clientHead = result.plan.headVersion;
        },
        () => {
          entry.clientHead = null;
        },
      ),
    );
  });
  return { seen, settled: async () => void (await Promise.all(pending)) };
}

describe('plan.changed', () => {
  it('is emitted after create, saveVersion, restore and delete, each time with the change already committed', async () => {
    const { seen, settled } = watchPlanChanges();
    const workspaceId = t.defaultWorkspaceId;

    const { plan } = await t.client.plans.create({ workspaceId, title: 'Launch', graph: makeGraph({ a: [] }) });
    await t.client.plans.saveVersion({ workspaceId, planId: plan.id, graph: makeGraph({ a: [], b: ['a'] }), message: 'v2' });
    await t.client.plans.restore({ workspaceId, planId: plan.id, version: 1 });
    await t.client.plans.delete({ workspaceId, planId: plan.id });
    await settled();

    expect(seen).toEqual([
      { change: 'created', headVersion: 1, committedHead: 1, committedVersions: 1, clientHead: 1 },
      { change: 'version', headVersion: 2, committedHead: 2, committedVersions: 2, clientHead: 2 },
      { change: 'version', headVersion: 3, committedHead: 3, committedVersions: 3, clientHead: 3 },
      { change: 'deleted', headVersion: undefined, committedHead: null, committedVersions: 0, clientHead: null },
    ]);
  });

  it('carries the workspace and plan ids', async () => {
    const received: unknown[] = [];
    t.client.on('plan.changed', (payload) => received.push(payload));
    const { plan } = await t.client.plans.create({ workspaceId: t.defaultWorkspaceId, title: 'Launch' });
    await t.client.plans.rename({ workspaceId: t.defaultWorkspaceId, planId: plan.id, title: 'Renamed' });
    expect(received).toEqual([
      { workspaceId: t.defaultWorkspaceId, planId: plan.id, change: 'created', headVersion: 1 },
      { workspaceId: t.defaultWorkspaceId, planId: plan.id, change: 'renamed' },
    ]);
  });

  it('is not emitted when a save is refused', async () => {
    const { plan } = await t.client.plans.create({ workspaceId: t.defaultWorkspaceId, title: 'Launch' });
    const received: unknown[] = [];
    t.client.on('plan.changed', (payload) => received.push(payload));
    await expect(
      t.client.plans.saveVersion({
        workspaceId: t.defaultWorkspaceId,
        planId: plan.id,
        graph: makeGraph({ a: ['b'], b: ['a'] }),
        message: 'Loop',
      }),
    ).rejects.toMatchObject({ code: 'bad_input' });
    await expect(
      t.client.plans.saveVersion({ workspaceId: t.defaultWorkspaceId, planId: plan.id, graph: makeGraph({}), message: 'Old', baseVersion: 7 }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(received).toEqual([]);
  });

  it('still completes the call when a listener throws, and logs the failure', async () => {
    t.client.on('plan.changed', () => {
      throw new Error('listener broke');
    });
    const { plan } = await t.client.plans.create({ workspaceId: t.defaultWorkspaceId, title: 'Launch' });
    expect((await t.client.plans.get({ workspaceId: t.defaultWorkspaceId, planId: plan.id })).plan.title).toBe('Launch');
    expect(t.logs.some((line) => line.includes('listener broke'))).toBe(true);
  });

  it('stops reaching a listener after it unsubscribes', async () => {
    const received: unknown[] = [];
    const off = t.client.on('plan.changed', (payload) => received.push(payload));
    await t.client.plans.create({ workspaceId: t.defaultWorkspaceId, title: 'One' });
    off();
    await t.client.plans.create({ workspaceId: t.defaultWorkspaceId, title: 'Two' });
    expect(received).toHaveLength(1);
  });
});

describe('other events', () => {
  it('workspace.changed and settings.changed follow their writes', async () => {
    const received: unknown[] = [];
    t.client.on('workspace.changed', (payload) => received.push(['workspace', payload]));
    t.client.on('settings.changed', (payload) => received.push(['settings', payload]));
    const workspace = await t.client.workspaces.create({ name: 'Research' });
    await t.client.settings.set({ workspaceId: workspace.id, key: 'model', value: 'big' });
    expect(received).toEqual([
      ['workspace', { workspaceId: workspace.id, change: 'created' }],
      ['settings', { workspaceId: workspace.id, key: 'model' }],
    ]);
  });
});
