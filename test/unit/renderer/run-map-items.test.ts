import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { RunDetail, RunSummary, StepRun } from '../../../engine/api';
import { itemOf, mapItemsOf } from '../../../renderer/src/runs/map-items';
import { itemCountsAt, statesAt, timelineOf } from '../../../renderer/src/runs/replay';
import { applyEvents, graphFromSteps, stepsAndItems, withEvents, type LiveRun, type RunHostEvent } from '../../../renderer/src/runs/run-events';
import { createRunViewSlice, type RunView } from '../../../renderer/src/runs/run-view-slice';
import type { AppState } from '../../../renderer/src/store/app-store';

const record = (stepId: string, status: StepRun['status'] = 'pending', extra: Partial<StepRun> = {}): StepRun => ({
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
  ...extra,
});
const run = { id: 'r1', status: 'running', startedAt: '2026-01-01T00:00:00.000Z', endedAt: null, error: null } as RunSummary;
const stepEvent = (stepId: string, status: StepRun['status'], extra: { error?: string; itemCount?: number } = {}): RunHostEvent => ({
  kind: 'step.status',
  payload: { workspaceId: 'w', runId: 'r1', stepId, status, attempt: 1, cacheHit: false, error: extra.error ?? null, ...(extra.itemCount !== undefined ? { itemCount: extra.itemCount } : {}) },
});
const live: LiveRun = { runId: 'r1', run, steps: { list: record('list', 'succeeded'), report: record('report', 'running') }, items: {}, partials: {}, revision: 0 };

describe('map items in the run view', () => {
  it('tells item ids from step ids', () => {
    expect(itemOf('report[3]')).toEqual({ stepId: 'report', index: 3 });
    expect(itemOf('report')).toBeNull();
    expect(itemOf('a[b]')).toBeNull();
  });

  it('counts item events on their map step and never makes them steps', () => {
    const next = applyEvents(
      live,
      [
        stepEvent('report', 'running', { itemCount: 12 }),
        stepEvent('report[0]', 'running'),
        stepEvent('report[0]', 'succeeded'),
        stepEvent('report[1]', 'running'),
        stepEvent('report[1]', 'failed', { error: 'boom' }),
        stepEvent('report[2]', 'running'),
      ],
      'T1',
    );
    expect(Object.keys(next.steps)).toEqual(['list', 'report']);
    expect(next.items.report?.counts).toEqual({ total: 12, done: 2, succeeded: 1, failed: 1, active: 1 });
    expect(next.items.report?.runs[1]).toMatchObject({ stepId: 'report[1]', status: 'failed', error: 'boom', endedAt: 'T1' });
    // A later frame moves the counts on from there, and leaves the earlier view as it was.
    const later = applyEvents(next, [stepEvent('report[2]', 'succeeded')], 'T2');
    expect(later.items.report?.counts).toMatchObject({ done: 3, succeeded: 2, active: 0 });
    expect(next.items.report?.counts).toMatchObject({ done: 2, active: 1 });
    expect(next.items.report?.runs[2]?.status).toBe('running');
  });

  it('ignores items of an unknown map step and of another run', () => {
    expect(applyEvents(live, [stepEvent('other[0]', 'running')], 'T')).toBe(live);
    const foreign = { ...stepEvent('report[0]', 'running'), payload: { ...stepEvent('report[0]', 'running').payload, runId: 'r2' } } as RunHostEvent;
    expect(applyEvents(live, [foreign], 'T')).toBe(live);
  });

  it('grows the count with the highest index seen when no count was sent', () => {
    const next = applyEvents(live, [stepEvent('report[9]', 'running')], 'T');
    expect(next.items.report?.counts.total).toBe(10);
  });

  it('takes a snapshot apart: item rows (in either list) go to their map step, counted', () => {
    const detail: RunDetail = {
      run,
      steps: [record('list', 'succeeded'), record('report', 'succeeded', { input: [1, 2, 3, 4] }), record('report[3]', 'failed')],
      items: { report: [record('report[0]', 'succeeded', { output: 'a' }), record('report[1]', 'succeeded')] },
      context: {},
      messages: [],
    };
    const { steps, items } = stepsAndItems(detail);
    expect(Object.keys(steps)).toEqual(['list', 'report']);
    expect(items.report?.counts).toEqual({ total: 4, done: 3, succeeded: 2, failed: 1, active: 0 });
    expect(items.report?.runs[0]?.output).toBe('a');
    expect(graphFromSteps(detail.steps).steps.map((step) => step.id)).toEqual(['list', 'report']);
  });

  it('puts item events that arrived during a read on top of the snapshot', () => {
    const detail: RunDetail = { run, steps: [record('report', 'running')], items: { report: [record('report[0]', 'running')] }, context: {}, messages: [] };
    const merged = withEvents(detail, [stepEvent('report[0]', 'succeeded'), stepEvent('report[1]', 'running')]);
    expect(merged.steps.map((step) => step.stepId)).toEqual(['report']);
    expect(merged.items.report?.map((item) => `${item.stepId}:${item.status}`)).toEqual(['report[0]:succeeded', 'report[1]:running']);
  });

  it('replays steps without their items, and the items as counts of their map step', () => {
    const at = (ms: number) => new Date(Date.parse(run.startedAt as string) + ms).toISOString();
    const events = [
      { seq: 1, at: at(0), type: 'step.status', stepId: 'report', attempt: 1, payload: { status: 'running' } },
      { seq: 2, at: at(10), type: 'step.status', stepId: 'report[0]', attempt: 1, payload: { status: 'succeeded' } },
      { seq: 3, at: at(20), type: 'step.status', stepId: 'report[1]', attempt: 1, payload: { status: 'failed' } },
    ];
    const timeline = timelineOf(events, { ...run, endedAt: at(30) });
    expect(Object.keys(statesAt(timeline, ['list', 'report'], Date.parse(at(25))))).toEqual(['list', 'report']);
    expect(itemCountsAt(timeline, ['report'], Date.parse(at(15))).report).toMatchObject({ done: 1, failed: 0 });
    expect(itemCountsAt(timeline, ['report'], Date.parse(at(25))).report).toMatchObject({ done: 2, failed: 1 });
  });

  it('builds the counts of a snapshot in any order', () => {
    const items = mapItemsOf([record('m[2]', 'running'), record('m[0]', 'succeeded')]);
    expect(items.counts).toEqual({ total: 3, done: 1, succeeded: 1, failed: 0, active: 1 });
    expect(items.runs[1]).toBeUndefined();
  });
});

describe('the run view store under a storm of item events', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('applies 10,000 item events in one store update per animation frame', () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    // Only what the run view slice reads of the rest of the app; the slice is what is tested.
    const store = createStore<AppState>()(
      (set, get, api) =>
        ({
          ...createRunViewSlice(set, get, api),
          workspaceId: 'w',
          noteRunStatus: () => undefined,
          // The read of the whole run after the items ended is not part of this test.
          reportError: () => undefined,
          api: () => ({ runs: { get: () => Promise.reject(new Error('no host in this test')) } }),
        }) as unknown as AppState,
    );
    const view = { ...live, graph: { steps: [], layout: {} }, stepIds: ['list', 'report'], timeline: null, scrub: null, selectedStepId: null } as unknown as RunView;
    store.setState({ runView: view });
    let updates = 0;
    store.subscribe(() => (updates += 1));
    const receive = store.getState().receiveRunEvent;
    receive(stepEvent('report', 'running', { itemCount: 10_000 }));
    for (let index = 0; index < 10_000; index++) receive(stepEvent(`report[${index}]`, 'running'));
    for (let index = 0; index < 5_000; index++) receive(stepEvent(`report[${index}]`, 'succeeded'));
    expect(updates).toBe(0);
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    expect(updates).toBe(1);
    expect(store.getState().runView?.items.report?.counts).toEqual({ total: 10_000, done: 5_000, succeeded: 5_000, failed: 0, active: 5_000 });
    expect(Object.keys(store.getState().runView?.steps ?? {})).toEqual(['list', 'report']);
    // The next frame's events make the next single update.
    for (let index = 5_000; index < 10_000; index++) receive(stepEvent(`report[${index}]`, 'succeeded'));
    frames.shift()?.();
    expect(updates).toBe(2);
    expect(store.getState().runView?.items.report?.counts).toMatchObject({ done: 10_000, active: 0 });
  });
});
