import type { StateCreator } from 'zustand';
import type { PlanGraph, Problem } from '../api/contract';
import type { AppState } from './app-store';

/** The plan linter's findings on the working copy, refreshed a moment after each edit. */
export interface ValidationSlice {
  problems: Problem[];
  problemsByStep: ReadonlyMap<string, Problem[]>;
  /** The graph the problems were found in (they lag behind edits by the debounce). */
  validatedGraph: PlanGraph | null;
  /** Validates the working copy after `delayMs` (default: longer for bigger graphs). */
  scheduleValidation(delayMs?: number): void;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let latestRequest = 0;

const delayFor = (steps: number) => 250 + Math.min(1500, steps / 10);

export const createValidationSlice: StateCreator<AppState, [], [], ValidationSlice> = (set, get) => {
  const validate = async () => {
    const { doc, workspaceId } = get();
    if (!doc || !workspaceId) return;
    const graph = doc.graph;
    const request = ++latestRequest;
    try {
      const result = await get().api().plans.validate({ workspaceId, graph });
      if (request !== latestRequest || get().doc?.plan.id !== doc.plan.id) return;
      const ids = new Set(graph.steps.map((step) => step.id));
      const byStep = new Map<string, Problem[]>();
      for (const problem of result.problems) {
        if (!problem.stepId || !ids.has(problem.stepId)) continue;
        const list = byStep.get(problem.stepId);
        if (list) list.push(problem);
        else byStep.set(problem.stepId, [problem]);
      }
      set({ problems: result.problems, problemsByStep: byStep, validatedGraph: graph });
      get().syncCanvas();
    } catch (error) {
      if (request === latestRequest) get().reportError(error);
    }
  };

  return {
    problems: [],
    problemsByStep: new Map(),
    validatedGraph: null,
    scheduleValidation(delayMs) {
      if (timer) clearTimeout(timer);
      const steps = get().doc?.graph.steps.length ?? 0;
      timer = setTimeout(() => {
        timer = null;
        void validate();
      }, delayMs ?? delayFor(steps));
    },
  };
};
