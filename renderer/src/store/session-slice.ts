import type { StateCreator } from 'zustand';
import type { TizmorClient, Workspace } from '../api/contract';
import { applyLanguage, rememberedLanguage, type Language } from '../i18n/i18n';
import type { AppState } from './app-store';

const workspaceKey = 'tizmor.workspaceId';

export interface SessionSlice {
  client: TizmorClient | null;
  language: Language;
  workspaces: Workspace[];
  workspaceId: string | null;
  /** The client, once connected; calling before that is a programming error. */
  api(): TizmorClient;
  /** Loads the workspaces and picks the remembered one (else the default). */
  start(client: TizmorClient): Promise<void>;
  refreshWorkspaces(): Promise<void>;
  switchWorkspace(workspaceId: string): void;
  /** Creates a workspace and switches to it; false when the host refused. */
  createWorkspace(name: string): Promise<boolean>;
  setLanguage(language: Language): void;
}

function pickWorkspace(workspaces: Workspace[], wanted: string | null): string | null {
  if (wanted && workspaces.some((workspace) => workspace.id === wanted)) return wanted;
  return (workspaces.find((workspace) => workspace.isDefault) ?? workspaces[0])?.id ?? null;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => ({
  client: null,
  language: rememberedLanguage(),
  workspaces: [],
  workspaceId: null,
  api() {
    const { client } = get();
    if (!client) throw new Error('Not connected to the host yet.');
    return client;
  },
  async start(client) {
    set({ client });
    const workspaces = await client.workspaces.list({});
    const workspaceId = pickWorkspace(workspaces, localStorage.getItem(workspaceKey));
    set({ workspaces, workspaceId });
    await get().refreshPlans();
  },
  async refreshWorkspaces() {
    try {
      const workspaces = await get().api().workspaces.list({});
      set({ workspaces, workspaceId: pickWorkspace(workspaces, get().workspaceId) });
    } catch (error) {
      get().reportError(error);
    }
  },
  switchWorkspace(workspaceId) {
    if (workspaceId === get().workspaceId) return;
    localStorage.setItem(workspaceKey, workspaceId);
    set({ workspaceId, plans: [] });
    get().closePlan();
    if (get().route.page === 'plan') get().navigate({ page: 'plans' });
    void get().refreshPlans();
  },
  async createWorkspace(name) {
    try {
      const workspace = await get().api().workspaces.create({ name });
      set((state) => ({
        workspaces: state.workspaces.some((known) => known.id === workspace.id)
          ? state.workspaces
          : [...state.workspaces, workspace],
      }));
      get().switchWorkspace(workspace.id);
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },
  setLanguage(language) {
    set({ language });
    void applyLanguage(language);
    get().syncCanvas();
  },
});
