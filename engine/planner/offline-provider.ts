import { TizmorError } from '../api';
import { NothingToPlanError, planOffline } from './offline/offline-planner';
import { replanOffline } from './offline/replan';
import type { PlannerProvider } from './provider';

/** The offline planner behind the provider interface: it answers the plan as JSON text, so its plans pass the same checks. */
export function offlineProvider(): PlannerProvider {
  return {
    name: 'offline',
    model: null,
    label: 'the offline planner',
    async generate(prompt, { onText }) {
      const context = prompt.offline;
      if (!context) throw new TizmorError('internal', 'The offline planner makes plans only; it cannot answer free text.');
      let plan;
      try {
        plan = context.basePlan ? replanOffline({ ...context, basePlan: context.basePlan }) : planOffline(context);
      } catch (error) {
        if (error instanceof NothingToPlanError) throw new TizmorError('bad_input', error.message);
        throw error;
      }
      const text = JSON.stringify({ title: plan.title, notes: plan.notes, steps: plan.steps });
      onText?.(text);
      return { text, finishReason: 'stop', inputTokens: 0, outputTokens: 0, costUsd: 0 };
    },
  };
}
