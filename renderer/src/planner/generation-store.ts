import i18next from 'i18next';
import { create } from 'zustand';
import type { EventPayload, GeneratedPlan, Input } from '../api/contract';
import { useAppStore } from '../store/app-store';
import type { PartialStep } from './preview-layout';

type Phase = EventPayload<'plan.generating'>['phase'];

/** A new plan from a request, or a new version of a plan from an instruction (a replan). */
export type GenerationKind = 'new' | 'replan';

/** What the planner said about a version it made, shown on the plan until dismissed. */
export interface PlannerNotes {
  planId: string;
  versionNumber: number;
  kind: GenerationKind;
  provider: GeneratedPlan['provider'];
  model: string | null;
  warnings: string[];
}

/** A replan: the version to change (the one the editor works from) and how. */
export interface ReplanRequest {
  planId: string;
  baseVersionId: string;
  /** The plan's own request, or its title for a plan made by hand (the engine prefers the stored request). */
  request: string;
  instruction: string;
}

/**
 * One plan being generated (a new one from a request, or a new version from an instruction): the
 * steps the planner has written so far (from `plan.generating` events matched by the id this
 * client chose), then the saved plan.
 */
export interface GenerationState {
  generationId: string | null;
  kind: GenerationKind;
  /** What the person asked: the request, or the instruction of a replan. */
  request: string;
  phase: Phase | null;
  steps: PartialStep[];
  /** The planner's last word: who is planning, why it retries. */
  message: string | null;
  result: GeneratedPlan | null;
  /** Whether the preview is showing; the generation goes on when it is hidden. */
  open: boolean;
  /** The notes of the last generation, for the plan it made. */
  notes: PlannerNotes | null;
  generate(request: string): Promise<void>;
  /** Asks for a new version of a plan; resolves the saved version, or null when it failed (the error is reported). */
  replan(request: ReplanRequest): Promise<GeneratedPlan | null>;
  receive(payload: EventPayload<'plan.generating'>): void;
  openPlan(): void;
  hide(): void;
  dismissNotes(): void;
}

const app = () => useAppStore.getState();

function newGenerationId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export const useGenerationStore = create<GenerationState>()((set, get) => {
  /** Runs one `plans.generate` with the preview open; the validated plan replaces what was shown while it was written. */
  async function run(kind: GenerationKind, shown: string, input: Omit<Input<'plans.generate'>, 'workspaceId' | 'generationId'>): Promise<GeneratedPlan | null> {
    const workspaceId = app().workspaceId;
    if (!workspaceId) return null;
    const generationId = newGenerationId();
    set({ generationId, kind, request: shown, phase: 'started', steps: [], message: null, result: null, open: true });
    try {
      const result = await app().api().plans.generate({ workspaceId, generationId, ...input });
      if (get().generationId !== generationId) return null;
      set({
        result,
        phase: 'done',
        steps: result.version.graph.steps,
        notes:
          result.warnings.length > 0
            ? { planId: result.plan.id, versionNumber: result.version.number, kind, provider: result.provider, model: result.model, warnings: result.warnings }
            : null,
      });
      void app().refreshPlans();
      return result;
    } catch (error) {
      if (get().generationId !== generationId) return null;
      set({ generationId: null, phase: 'failed', open: false });
      app().reportError(error);
      return null;
    }
  }

  return {
    generationId: null,
    kind: 'new',
    request: '',
    phase: null,
    steps: [],
    message: null,
    result: null,
    open: false,
    notes: null,
    async generate(request) {
      const result = await run('new', request, { request });
      if (result && !get().open) app().showInfo(i18next.t('generate.readyInfo', { title: result.plan.title }));
    },
    async replan({ planId, baseVersionId, request, instruction }) {
      const result = await run('replan', instruction, { request, basePlanVersionId: baseVersionId, instruction });
      if (!result) return null;
      // The editor takes the new head as its working copy (one undoable step), as for any version saved elsewhere.
      if (app().doc?.plan.id === planId) {
        await app().followHead(result.version.number);
        void app().refreshVersions();
      }
      return result;
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
      if (app().doc?.plan.id !== result.plan.id) app().navigate({ page: 'plan', planId: result.plan.id });
    },
    hide() {
      set({ open: false });
    },
    dismissNotes() {
      set({ notes: null });
    },
  };
});
