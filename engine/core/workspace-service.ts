import { TizmorError, type Handlers, type Workspace } from '../api';
import type { EngineContext } from './context';

export const DEFAULT_WORKSPACE_NAME = 'Default';

/** Makes sure the default workspace exists; returns it. */
export function ensureDefaultWorkspace(context: EngineContext): Workspace {
  return context.store.transaction(() => {
    const existing = context.store.workspaces.list().find((workspace) => workspace.isDefault);
    if (existing) return existing;
    const workspace: Workspace = { id: context.newId(), name: DEFAULT_WORKSPACE_NAME, isDefault: true, createdAt: context.now() };
    context.store.workspaces.insert(workspace);
    return workspace;
  });
}

/** Throws `not_found` unless the workspace exists. Every workspace-scoped method starts here. */
export function requireWorkspace(context: EngineContext, workspaceId: string): Workspace {
  const workspace = context.store.workspaces.get(workspaceId);
  if (!workspace) throw new TizmorError('not_found', `There is no workspace with id "${workspaceId}".`, { workspaceId });
  return workspace;
}

export function workspaceHandlers(context: EngineContext): Pick<Handlers, 'workspaces.list' | 'workspaces.create'> {
  return {
    'workspaces.list': async () => context.store.workspaces.list(),
    'workspaces.create': async ({ name }) => {
      const taken = context.store.workspaces.list().some((workspace) => workspace.name.toLowerCase() === name.toLowerCase());
      if (taken) throw new TizmorError('conflict', `A workspace named "${name}" already exists.`, { name });
      const workspace: Workspace = { id: context.newId(), name, isDefault: false, createdAt: context.now() };
      context.store.workspaces.insert(workspace);
      context.bus.emit('workspace.changed', { workspaceId: workspace.id, change: 'created' });
      return workspace;
    },
  };
}
