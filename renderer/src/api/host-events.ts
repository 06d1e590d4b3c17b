import { eventNames, type EventHandlers, type EventName, type TizmorClient } from './contract';
import type { AppState } from '../store/app-store';
import { useGenerationStore } from '../planner/generation-store';
import { useTriggersStore } from '../triggers/triggers-store';

/**
 * Keeps the app in step with changes pushed by the host (another window, the CLI, a save of ours).
 * Returns the unsubscribe.
 */
export function followHostEvents(client: TizmorClient, state: () => AppState): () => void {
  const inWorkspace = (payload: { workspaceId: string }) => payload.workspaceId === state().workspaceId;
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
        // A version saved elsewhere (another window, the replanner) becomes the working copy, undoably.
        if (payload.change === 'version' && payload.headVersion) void app.followHead(payload.headVersion);
      }
    },
    'workspace.changed': () => {
      void state().refreshWorkspaces();
    },
    // No setting is shown yet; the Settings page reads them when it opens.
    'settings.changed': () => undefined,
    // The steps of a plan being generated, for the preview of the request box (matched by generation id).
    'plan.generating': (payload) => useGenerationStore.getState().receive(payload),
    // Runs: the run view takes step changes in once per animation frame; the Runs page follows run.status.
    'run.status': (payload) => inWorkspace(payload) && state().receiveRunEvent({ kind: 'run.status', payload }),
    'step.status': (payload) => inWorkspace(payload) && state().receiveRunEvent({ kind: 'step.status', payload }),
    'step.log': (payload) => inWorkspace(payload) && state().receiveRunEvent({ kind: 'step.log', payload }),
    'step.partial': (payload) => inWorkspace(payload) && state().receiveRunEvent({ kind: 'step.partial', payload }),
    // Approvals: the sidebar badge, the Approvals page and the dialog shown over every page.
    'approval.requested': (payload) => inWorkspace(payload) && state().receiveApproval(payload.approval, 'requested'),
    'approval.resolved': (payload) => inWorkspace(payload) && state().receiveApproval(payload.approval, 'resolved'),
    // A trigger fired: the Triggers page reloads its firings (the run appears through the run events).
    'trigger.fired': (payload) => useTriggersStore.getState().fired(payload),
  };
  const subscribe = <E extends EventName>(name: E) => client.on(name, handlers[name]);
  const unsubscribes = eventNames.map(subscribe);
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
