import type { StateCreator } from 'zustand';
import type { PlanSummary } from '../api/contract';
import type { AppState } from './app-store';
import { clearDraft } from './draft-store';

export interface PlansSlice {
  plans: PlanSummary[];
  plansLoaded: boolean;
  refreshPlans(): Promise<void>;
  /** Creates a plan with an empty first version and opens it. */
  createPlan(title: string): Promise<boolean>;
  /** Creates a plan from the text of a plan file and opens it. */
  importPlan(fileName: string, content: string): Promise<boolean>;
  deletePlan(planId: string): Promise<void>;
}

export const createPlansSlice: StateCreator<AppState, [], [], PlansSlice> = (set, get) => ({
  plans: [],
  plansLoaded: false,
  async refreshPlans() {
    const workspaceId = get().workspaceId;
    if (!workspaceId) return;
    try {
      const plans = await get().api().plans.list({ workspaceId });
      // A switch while the answer travelled makes it stale.
      if (get().workspaceId === workspaceId) set({ plans, plansLoaded: true });
    } catch (error) {
      get().reportError(error);
    }
  },
  async createPlan(title) {
    const workspaceId = get().workspaceId;
    if (!workspaceId) return false;
    try {
      const { plan } = await get().api().plans.create({ workspaceId, title });
      await get().refreshPlans();
      get().navigate({ page: 'plan', planId: plan.id });
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },
  async importPlan(fileName, content) {
    const workspaceId = get().workspaceId;
    if (!workspaceId) return false;
    try {
      const { plan } = await get().api().plans.importFile({ workspaceId, content, fileName });
      await get().refreshPlans();
      get().navigate({ page: 'plan', planId: plan.id });
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  },
  async deletePlan(planId) {
    const workspaceId = get().workspaceId;
    if (!workspaceId) return;
    try {
      await get().api().plans.delete({ workspaceId, planId });
      get().forgetPlan(planId);
      // A deleted plan's draft would never be read again.
      await clearDraft(get().api(), workspaceId, planId);
      set((state) => ({ plans: state.plans.filter((plan) => plan.id !== planId) }));
      await get().refreshPlans();
    } catch (error) {
      get().reportError(error);
    }
  },
});
