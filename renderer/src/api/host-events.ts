import { eventNames, type EventHandlers, type EventName, type TizmorClient } from './contract';
import type { AppState } from '../store/app-store';

/**
 * Keeps the app in step with changes pushed by the host (another window, the CLI, a save of ours).
 * Returns the unsubscribe.
 */
export function followHostEvents(client: TizmorClient, state: () => AppState): () => void {
  const handlers: EventHandlers = {
    'plan.changed': (payload) => {
      const app = state();
      if (payload.workspaceId !== app.workspaceId) return;
      void app.refreshPlans();
      if (payload.change === 'deleted') app.forgetPlan(payload.planId);
      if (app.doc?.plan.id !== payload.planId) return;
      if (payload.change === 'deleted') {
        app.navigate({ page: 'plans' });
      } else {
        void app.refreshVersions();
      }
    },
    'workspace.changed': () => {
      void state().refreshWorkspaces();
    },
    // No setting is shown yet; the Settings page reads them when it opens.
    'settings.changed': () => undefined,
    // Generated plans have no request box yet; the plan appears through plan.changed when it is saved.
    'plan.generating': () => undefined,
    // Runs and approvals have no view yet; their pages will follow these events when they land.
    'run.status': () => undefined,
    'step.status': () => undefined,
    'step.log': () => undefined,
    'step.partial': () => undefined,
    'approval.requested': () => undefined,
    'approval.resolved': () => undefined,
    // Triggers have no page yet; a run they start appears through the runs it makes.
    'trigger.fired': () => undefined,
  };
  const subscribe = <E extends EventName>(name: E) => client.on(name, handlers[name]);
  const unsubscribes = eventNames.map(subscribe);
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
