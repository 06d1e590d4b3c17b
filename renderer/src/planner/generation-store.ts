import i18next from 'i18next';
import { create } from 'zustand';
import type { EventPayload, GeneratedPlan } from '../api/contract';
import { useAppStore } from '../store/app-store';
import type { PartialStep } from './preview-layout';

type Phase = EventPayload<'plan.generating'>['phase'];

/**
 * One plan being generated from a request: the steps the planner has written so far (from
 * `plan.generating` events matched by the id this client chose), then the saved plan.
 */
export interface GenerationState {
  generationId: string | null;
  request: string;
  phase: Phase | null;
  steps: PartialStep[];
  /** The planner's last word: who is planning, why it retries. */
  message: string | null;
  result: GeneratedPlan | null;
  /** Whether the preview is showing; the generation goes on when it is hidden. */
  open: boolean;
  generate(request: string): Promise<void>;
  receive(payload: EventPayload<'plan.generating'>): void;
  openPlan(): void;
  hide(): void;
}

const app = () => useAppStore.getState();

function newGenerationId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export const useGenerationStore = create<GenerationState>()((set, get) => ({
  generationId: null,
  request: '',
  phase: null,
  steps: [],
  message: null,
  result: null,
  open: false,
  async generate(request) {
    const workspaceId = app().workspaceId;
    if (!workspaceId) return;
    const generationId = newGenerationId();
    set({ generationId, request, phase: 'started', steps: [], message: null, result: null, open: true });
    try {
      const result = await app().api().plans.generate({ workspaceId, request, generationId });
      if (get().generationId !== generationId) return;
      // The validated plan replaces whatever was shown while it was written.
      set({ result, phase: 'done', steps: result.version.graph.steps });
      void app().refreshPlans();
      if (!get().open) app().showInfo(i18next.t('generate.readyInfo', { title: result.plan.title }));
    } catch (error) {
      if (get().generationId !== generationId) return;
      set({ generationId: null, phase: 'failed', open: false });
      app().reportError(error);
    }
  },
  receive(payload) {
    const state = get();
    if (payload.generationId !== state.generationId || state.result) return;
    if (payload.phase === 'partial' || payload.phase === 'done') {
      set({ phase: payload.phase, steps: payload.steps, message: payload.message ?? state.message });
    } else {
      // `started` and `retrying` carry no steps: what was shown stays until the next attempt writes.
      set({ phase: payload.phase, message: payload.message });
    }
  },
  openPlan() {
    const { result } = get();
    if (!result) return;
    set({ open: false, generationId: null });
    app().navigate({ page: 'plan', planId: result.plan.id });
  },
  hide() {
    set({ open: false });
  },
}));
