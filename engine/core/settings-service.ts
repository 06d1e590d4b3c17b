import type { Handlers } from '../api';
import type { JsonValue } from '../store/store';
import type { EngineContext } from './context';
import { requireWorkspace } from './workspace-service';

export function settingsHandlers(context: EngineContext): Pick<Handlers, 'settings.get' | 'settings.set'> {
  return {
    'settings.get': async ({ workspaceId }) => {
      requireWorkspace(context, workspaceId);
      return context.store.settings.all(workspaceId);
    },
    'settings.set': async ({ workspaceId, key, value }) => {
      requireWorkspace(context, workspaceId);
      context.store.settings.set(workspaceId, key, value as JsonValue);
      context.bus.emit('settings.changed', { workspaceId, key });
      return context.store.settings.all(workspaceId);
    },
  };
}
