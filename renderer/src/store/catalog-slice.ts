import type { StateCreator } from 'zustand';
import type { AgentDescriptor } from '../api/contract';
import type { AppState } from './app-store';

/** The agent catalog of the current workspace, for the palette, the inspector and the step nodes. */
export interface CatalogSlice {
  agents: AgentDescriptor[] | null;
  agentsById: ReadonlyMap<string, AgentDescriptor>;
  /** Loads the catalog once per workspace. */
  loadAgents(): Promise<void>;
}

let loadedFor: string | null = null;

export const createCatalogSlice: StateCreator<AppState, [], [], CatalogSlice> = (set, get) => ({
  agents: null,
  agentsById: new Map(),
  async loadAgents() {
    const workspaceId = get().workspaceId;
    if (!workspaceId || loadedFor === workspaceId) return;
    loadedFor = workspaceId;
    try {
      const agents = await get().api().agents.list({ workspaceId });
      if (get().workspaceId !== workspaceId) return;
      set({ agents, agentsById: new Map(agents.map((agent) => [agent.id, agent])) });
      get().syncCanvas();
    } catch (error) {
      loadedFor = null;
      get().reportError(error);
    }
  },
});
