import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, openTestEngine, rejectionOf, type TestEngine } from '../../helpers/builders';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function engineAt(dataDir: string | null): Promise<TestEngine> {
  const opened = await openTestEngine({ dataDir });
  cleanups.push(opened.close);
  return opened;
}

describe('the default workspace', () => {
  it('exists exactly once in a new engine, and status names it', async () => {
    const { client, defaultWorkspaceId } = await engineAt(null);
    const workspaces = await client.workspaces.list({});
    expect(workspaces).toEqual([expect.objectContaining({ id: defaultWorkspaceId, name: 'Default', isDefault: true })]);
    const status = await client.system.status({});
    expect(status).toMatchObject({ host: 'test', appVersion: '0.0.0', dataDir: null, defaultWorkspaceId });
    expect(status.schemaVersion).toBeGreaterThanOrEqual(1);
  });

  it('is the same single workspace after the data folder is reopened', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const first = await openTestEngine({ dataDir: temp.dir });
    await first.client.workspaces.create({ name: 'Research' });
    first.close();

    const second = await engineAt(temp.dir);
    const workspaces = await second.client.workspaces.list({});
    expect(workspaces.filter((workspace) => workspace.isDefault)).toEqual([
      expect.objectContaining({ id: first.defaultWorkspaceId, name: 'Default' }),
    ]);
    expect(workspaces.map((workspace) => workspace.name)).toEqual(['Default', 'Research']);
    expect(second.defaultWorkspaceId).toBe(first.defaultWorkspaceId);
  });

  it('is shared, not duplicated, when two engines open the same folder at once', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const app = await engineAt(temp.dir);
    const cli = await engineAt(temp.dir);
    expect(cli.defaultWorkspaceId).toBe(app.defaultWorkspaceId);
    expect((await cli.client.workspaces.list({})).filter((workspace) => workspace.isDefault)).toHaveLength(1);
  });
});

describe('workspaces.create', () => {
  it('adds a workspace listed after the default one', async () => {
    const { client, defaultWorkspaceId } = await engineAt(null);
    const created = await client.workspaces.create({ name: '  מחקר  ' });
    expect(created).toMatchObject({ name: 'מחקר', isDefault: false });
    const list = await client.workspaces.list({});
    expect(list.map((workspace) => workspace.id)).toEqual([defaultWorkspaceId, created.id]);
  });

  it('refuses a name already taken, ignoring case, and adds nothing', async () => {
    const { client } = await engineAt(null);
    await client.workspaces.create({ name: 'Research' });
    for (const name of ['Research', 'research', 'DEFAULT']) {
      const error = await rejectionOf(client.workspaces.create({ name }));
      expect(error.code).toBe('conflict');
      expect(error.message).toContain(name);
    }
    expect(await client.workspaces.list({})).toHaveLength(2);
  });

  it('refuses an empty name as bad input', async () => {
    const { client } = await engineAt(null);
    const error = await rejectionOf(client.workspaces.create({ name: '   ' }));
    expect(error.code).toBe('bad_input');
    expect(error.details).toEqual([expect.objectContaining({ path: 'name' })]);
  });
});
