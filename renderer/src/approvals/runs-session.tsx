import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/app-store';
import '../runs/runs.css';
import { ApprovalDialog } from './approval-dialog';

/**
 * Keeps run state in step with the workspace (approvals waiting in it, no run of another one on
 * screen) and shows the approval dialog over every page.
 */
export function RunsSession() {
  const workspaceId = useAppStore((state) => state.workspaceId);
  const loadApprovals = useAppStore((state) => state.loadApprovals);
  const loadAgents = useAppStore((state) => state.loadAgents);
  const previous = useRef(workspaceId);

  useEffect(() => {
    if (!workspaceId) return;
    if (previous.current !== workspaceId) {
      previous.current = workspaceId;
      const state = useAppStore.getState();
      state.forgetRuns();
      if (state.route.page === 'run') state.navigate({ page: 'runs' });
    }
    void loadApprovals();
    void loadAgents();
  }, [workspaceId, loadApprovals, loadAgents]);

  return <ApprovalDialog />;
}
