import { afterEach, describe, expect, it } from 'vitest';
import type { StepRun, StepStatus } from '../../../engine/api';
import { createFarStatus } from '../../../renderer/src/runs/far-status';
import type { RunView } from '../../../renderer/src/runs/run-view-slice';
import type { AppState } from '../../../renderer/src/store/app-store';

/** The two calls of the app store far-status uses, over a state that has only a run view. */
function smallStore() {
  let state = { runView: null } as unknown as AppState;
  const listeners = new Set<(state: AppState) => void>();
  return {
    getState: () => state,
    subscribe(listener: (state: AppState) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    setState(patch: Partial<AppState>) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener(state);
    },
    listeners,
  };
}
const useAppStore = smallStore();
const watchFarStatus = createFarStatus(useAppStore);

const step = (stepId: string, status: StepStatus): StepRun => ({
  stepId,
  agentId: 'sim',
  status,
  attempt: 0,
  input: null,
  output: null,
  error: null,
  cacheHit: false,
  startedAt: null,
  endedAt: null,
  tokens: 0,
  costUsd: 0,
  waitingReason: null,
});

function show(steps: Record<string, StepRun>, scrub: RunView['scrub'] = null): void {
  useAppStore.setState({ runView: { runId: 'r1', steps, scrub } as RunView });
}

describe('far-out node status', () => {
  const removals: (() => void)[] = [];
  afterEach(() => {
    for (const remove of removals.splice(0)) remove();
    useAppStore.setState({ runView: null });
  });

  it('writes each node once at first, then only the nodes whose step changed; scrubbing and another run rewrite all', () => {
    const ids = ['a', 'b', 'c'];
    let steps = Object.fromEntries(ids.map((id) => [id, step(id, 'pending')]));
    show(steps);
    const written: string[] = [];
    for (const id of ids) removals.push(watchFarStatus(id, (status) => written.push(`${id}:${status}`)));
    expect(written).toEqual(['a:pending', 'b:pending', 'c:pending']);

    // The run view replaces exactly the step objects that changed.
    written.length = 0;
    steps = { ...steps, b: step('b', 'running') };
    show(steps);
    expect(written).toEqual(['b:running']);

    // Something else in the store changes: nothing is written.
    written.length = 0;
    useAppStore.setState({ runView: { ...(useAppStore.getState().runView as RunView), selectedStepId: 'a' } });
    expect(written).toEqual([]);

    // Scrubbing back shows the replayed moment on every node.
    written.length = 0;
    show(steps, { at: 0, steps: { a: { status: 'succeeded', error: null, cacheHit: false } }, items: {} } as unknown as RunView['scrub']);
    expect(written).toEqual(['a:succeeded', 'b:running', 'c:pending']);

    // Another run: every node again.
    written.length = 0;
    show(Object.fromEntries(ids.map((id) => [id, step(id, 'succeeded')])));
    expect(written).toEqual(['a:succeeded', 'b:succeeded', 'c:succeeded']);
  });

  it('lets go of the store once no node is drawn far out', () => {
    show({ a: step('a', 'pending') });
    const written: string[] = [];
    const remove = watchFarStatus('a', (status) => written.push(status));
    expect(useAppStore.listeners.size).toBe(1);
    remove();
    expect(useAppStore.listeners.size).toBe(0);
    show({ a: step('a', 'running') });
    expect(written).toEqual(['pending']);
  });
});
