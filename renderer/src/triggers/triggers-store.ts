import { create } from 'zustand';
import type { EventPayload, Input, Trigger } from '../api/contract';
import { useAppStore } from '../store/app-store';

/** A webhook secret, shown once: right after the trigger was made or its secret rotated. */
export interface RevealedSecret {
  trigger: Trigger;
  secret: string;
  rotated: boolean;
}

type CreateInput = Omit<Input<'triggers.create'>, 'workspaceId'>;
type UpdateInput = Omit<Input<'triggers.update'>, 'workspaceId' | 'triggerId'>;

/**
 * The Triggers page's state: the workspace's triggers, and a counter per trigger that moves when
 * it fires, so its list of firings reloads. Kept beside the app store (it reads the session from
 * there) because nothing else in the app needs it.
 */
export interface TriggersState {
  workspaceId: string | null;
  triggers: Trigger[];
  loaded: boolean;
  firingsVersion: Record<string, number>;
  revealed: RevealedSecret | null;
  load(): Promise<void>;
  /** Resolves to the trigger, or throws the host's refusal for the form to show. */
  create(input: CreateInput): Promise<Trigger>;
  update(triggerId: string, input: UpdateInput): Promise<Trigger>;
  setEnabled(triggerId: string, enabled: boolean): Promise<void>;
  rotateSecret(triggerId: string): Promise<void>;
  remove(triggerId: string): Promise<void>;
  test(triggerId: string): Promise<void>;
  /** A firing pushed by the host (a schedule, a webhook, a test). */
  fired(payload: EventPayload<'trigger.fired'>): void;
  dismissSecret(): void;
}

const app = () => useAppStore.getState();

function currentWorkspace(): string {
  const workspaceId = app().workspaceId;
  if (!workspaceId) throw new Error('No workspace is open.');
  return workspaceId;
}

export const useTriggersStore = create<TriggersState>()((set, get) => {
  const replace = (trigger: Trigger) =>
    set((state) => {
      const known = state.triggers.some((existing) => existing.id === trigger.id);
      const triggers = known
        ? state.triggers.map((existing) => (existing.id === trigger.id ? trigger : existing))
        : [...state.triggers, trigger].sort((a, b) => a.name.localeCompare(b.name));
      return { triggers };
    });
  const bumpFirings = (triggerId: string) =>
    set((state) => ({ firingsVersion: { ...state.firingsVersion, [triggerId]: (state.firingsVersion[triggerId] ?? 0) + 1 } }));

  return {
    workspaceId: null,
    triggers: [],
    loaded: false,
    firingsVersion: {},
    revealed: null,
    async load() {
      const workspaceId = app().workspaceId;
      if (!workspaceId) return;
      if (get().workspaceId !== workspaceId) set({ workspaceId, triggers: [], loaded: false });
      try {
        const triggers = await app().api().triggers.list({ workspaceId });
        // A workspace switch while the answer travelled makes it stale.
        if (app().workspaceId === workspaceId) set({ triggers, loaded: true });
      } catch (error) {
        app().reportError(error);
      }
    },
    async create(input) {
      const { trigger, secret } = await app().api().triggers.create({ ...input, workspaceId: currentWorkspace() });
      replace(trigger);
      if (secret) set({ revealed: { trigger, secret, rotated: false } });
      return trigger;
    },
    async update(triggerId, input) {
      const { trigger } = await app().api().triggers.update({ ...input, workspaceId: currentWorkspace(), triggerId });
      replace(trigger);
      return trigger;
    },
    async setEnabled(triggerId, enabled) {
      try {
        await get().update(triggerId, { enabled });
      } catch (error) {
        app().reportError(error);
      }
    },
    async rotateSecret(triggerId) {
      try {
        const { trigger, secret } = await app().api().triggers.update({ workspaceId: currentWorkspace(), triggerId, rotateSecret: true });
        replace(trigger);
        if (secret) set({ revealed: { trigger, secret, rotated: true } });
      } catch (error) {
        app().reportError(error);
      }
    },
    async remove(triggerId) {
      try {
        await app().api().triggers.delete({ workspaceId: currentWorkspace(), triggerId });
        set((state) => ({ triggers: state.triggers.filter((trigger) => trigger.id !== triggerId) }));
      } catch (error) {
        app().reportError(error);
      }
    },
    async test(triggerId) {
      try {
        const firing = await app().api().triggers.test({ workspaceId: currentWorkspace(), triggerId });
        if (firing.status === 'failed') app().reportError(new Error(firing.error ?? 'The trigger fired but started no run.'));
        bumpFirings(triggerId);
        await get().load();
      } catch (error) {
        app().reportError(error);
      }
    },
    fired(payload) {
      if (payload.workspaceId !== get().workspaceId) return;
      bumpFirings(payload.firing.triggerId);
      void get().load();
    },
    dismissSecret() {
      set({ revealed: null });
    },
  };
});
