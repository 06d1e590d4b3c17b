import { describe, expect, it } from 'vitest';
import type { PlanGraph } from '../../../engine/api';
import { editorActions } from '../../../renderer/src/plan-editor/actions';
import { redoState, runAction, undoState, type EditorState } from '../../../renderer/src/plan-editor/actions/dispatch';
import { copySteps } from '../../../renderer/src/plan-editor/clipboard';
import { sameGraph } from '../../../renderer/src/plan-editor/graph-edit';
import { emptyHistory, historyLimits, sealLast } from '../../../renderer/src/plan-editor/history/operation-history';

const graph: PlanGraph = {
  steps: [
    { id: 'fetch', title: 'Fetch', agent: 'files.search', input: { query: 'december' }, dependsOn: [] },
    { id: 'draft', title: 'Draft', agent: 'llm.generate', input: { prompt: '{{steps.fetch.output.text}}' }, dependsOn: ['fetch'] },
    { id: 'send', title: 'Send', agent: 'notify.desktop', input: {}, dependsOn: ['draft'] },
  ],
  layout: { fetch: { x: 0, y: 0 }, draft: { x: 300, y: 0 }, send: { x: 600, y: 0 } },
};

const start: EditorState = { document: { graph, handPlaced: new Set() }, history: emptyHistory, selection: [] };

/** Runs an action that must change something. */
function run<Args>(state: EditorState, action: Parameters<typeof runAction<Args>>[1], args: Args, now = 1000): EditorState {
  const next = runAction(state, action, args, now);
  if (!next) throw new Error(`${action.name} changed nothing`);
  return next;
}

/** Undo brings back the state before; redo the state after, each with its selection. */
function expectRoundTrip(before: EditorState, after: EditorState): void {
  const undone = undoState(after);
  expect(undone).not.toBeNull();
  expect(sameGraph(undone!.document.graph, before.document.graph)).toBe(true);
  expect([...undone!.document.handPlaced]).toEqual([...before.document.handPlaced]);
  expect(undone!.selection).toEqual(before.selection);
  const redone = redoState(undone!);
  expect(redone!.document).toBe(after.document);
  expect(redone!.selection).toEqual(after.selection);
}

describe('operation history: every kind of edit is undone and redone', () => {
  it('adds a step (selected once added)', () => {
    const after = run(start, editorActions.addStep, { step: { id: 'check', title: 'Check', agent: 'delay' }, position: { x: 900, y: 0 } });
    expect(after.document.graph.steps.map((step) => step.id)).toEqual(['fetch', 'draft', 'send', 'check']);
    expect(after.document.graph.layout.check).toEqual({ x: 900, y: 0 });
    expect(after.selection).toEqual(['check']);
    expectRoundTrip(start, after);
  });

  it('refuses a step id that is taken, without an undo step', () => {
    expect(runAction(start, editorActions.addStep, { step: { id: 'fetch', title: 'X', agent: 'delay' }, position: { x: 0, y: 0 } }, 1)).toBeNull();
  });

  it('changes a step field; typing in one field is one undo step, another field or a pause starts a new one', () => {
    let state = start;
    for (const [index, title] of ['F', 'Fe', 'Fet', 'Fetch mail'].entries()) {
      state = run(state, editorActions.updateStep, { stepId: 'fetch', patch: { title }, field: 'title' }, 1000 + index * 200);
    }
    expect(state.history.past).toHaveLength(1);
    expect(state.document.graph.steps[0]?.title).toBe('Fetch mail');
    state = run(state, editorActions.updateStep, { stepId: 'fetch', patch: { input: { query: 'november' } }, field: 'input.query' }, 2000);
    state = run(state, editorActions.updateStep, { stepId: 'fetch', patch: { input: { query: 'november!' } }, field: 'input.query' }, 2000 + historyLimits.mergeWindowMs + 1);
    expect(state.history.past).toHaveLength(3);
    const once = undoState(state)!;
    expect(once.document.graph.steps[0]?.input).toEqual({ query: 'november' });
    const twice = undoState(once)!;
    expect(twice.document.graph.steps[0]?.input).toEqual({ query: 'december' });
    const thrice = undoState(twice)!;
    expect(thrice.document.graph.steps[0]?.title).toBe('Fetch');
    expect(undoState(thrice)).toBeNull();
  });

  it('does not merge across a sealed entry (the field lost focus)', () => {
    let state = run(start, editorActions.updateStep, { stepId: 'fetch', patch: { title: 'A' }, field: 'title' }, 1000);
    state = { ...state, history: sealLast(state.history) };
    state = run(state, editorActions.updateStep, { stepId: 'fetch', patch: { title: 'AB' }, field: 'title' }, 1001);
    expect(state.history.past).toHaveLength(2);
  });

  it('removes optional fields set to undefined, and ignores a change to the same value', () => {
    const withRetry = run(start, editorActions.updateStep, { stepId: 'send', patch: { retry: { maxAttempts: 3 }, cache: true }, field: 'retry' });
    expect(withRetry.document.graph.steps[2]).toMatchObject({ retry: { maxAttempts: 3 }, cache: true });
    const cleared = run(withRetry, editorActions.updateStep, { stepId: 'send', patch: { retry: undefined }, field: 'retry2' });
    expect('retry' in (cleared.document.graph.steps[2] ?? {})).toBe(false);
    expect(runAction(cleared, editorActions.updateStep, { stepId: 'send', patch: { cache: true }, field: 'cache' }, 5)).toBeNull();
    expectRoundTrip(withRetry, cleared);
  });

  it('deletes steps and dependencies together as one step, and undo re-selects what was deleted', () => {
    const selected = { ...start, selection: ['draft'] };
    const after = run(selected, editorActions.deleteElements, { stepIds: ['draft'], dependencies: [{ source: 'fetch', target: 'draft' }] });
    expect(after.document.graph.steps.map((step) => step.id)).toEqual(['fetch', 'send']);
    expect(after.document.graph.steps[1]?.dependsOn).toEqual([]);
    expect(after.document.graph.layout.draft).toBeUndefined();
    expect(after.history.past).toHaveLength(1);
    expectRoundTrip(selected, after);
  });

  it('connects and disconnects', () => {
    const connected = run(start, editorActions.connect, { source: 'fetch', target: 'send' });
    expect(connected.document.graph.steps[2]?.dependsOn).toEqual(['draft', 'fetch']);
    expectRoundTrip(start, connected);
    const cut = run(connected, editorActions.disconnect, { dependencies: [{ source: 'draft', target: 'send' }] });
    expect(cut.document.graph.steps[2]?.dependsOn).toEqual(['fetch']);
    expectRoundTrip(connected, cut);
  });

  it('moves steps and remembers them as placed by hand', () => {
    const moved = run(start, editorActions.moveSteps, { positions: { send: { x: 620.4, y: 180.6 } } });
    expect(moved.document.graph.layout.send).toEqual({ x: 620, y: 181 });
    expect([...moved.document.handPlaced]).toEqual(['send']);
    expectRoundTrip(start, moved);
  });

  it('applies a layout; "re-layout all" forgets hand placement, tidy keeps it', () => {
    const moved = run(start, editorActions.moveSteps, { positions: { send: { x: 50, y: 400 } } });
    const tidy = run(moved, editorActions.applyLayout, { positions: { fetch: { x: 10, y: 10 } }, all: false });
    expect([...tidy.document.handPlaced]).toEqual(['send']);
    expectRoundTrip(moved, tidy);
    const all = run(moved, editorActions.applyLayout, { positions: { fetch: { x: 0, y: 0 }, draft: { x: 300, y: 0 }, send: { x: 600, y: 0 } }, all: true });
    expect(all.document.handPlaced.size).toBe(0);
    expect(all.document.graph.layout.send).toEqual({ x: 600, y: 0 });
    expectRoundTrip(moved, all);
    expect(runAction(start, editorActions.applyLayout, { positions: { fetch: { x: 0, y: 0 } }, all: false }, 1)).toBeNull();
  });

  it('pastes copied steps under new ids, keeping the edges and references among them', () => {
    const clipboard = copySteps(graph, new Set(['fetch', 'draft']))!;
    const pasted = run(start, editorActions.pasteSteps, { clipboard, offset: { x: 40, y: 40 } });
    const ids = pasted.document.graph.steps.map((step) => step.id);
    expect(ids).toEqual(['fetch', 'draft', 'send', 'fetch-copy', 'draft-copy']);
    const copy = pasted.document.graph.steps[4];
    expect(copy?.dependsOn).toEqual(['fetch-copy']);
    expect(copy?.input).toEqual({ prompt: '{{steps.fetch-copy.output.text}}' });
    expect(pasted.document.graph.layout['draft-copy']).toEqual({ x: 340, y: 40 });
    expect(pasted.selection).toEqual(['fetch-copy', 'draft-copy']);
    expectRoundTrip(start, pasted);
    const again = run(pasted, editorActions.pasteSteps, { clipboard, offset: { x: 80, y: 80 } });
    expect(again.document.graph.steps.slice(5).map((step) => step.id)).toEqual(['fetch-copy-2', 'draft-copy-2']);
  });

  it('replaces the whole graph (a restore, a draft, a replan) as one undo step', () => {
    const other: PlanGraph = { steps: [{ id: 'only', title: 'Only', agent: 'delay', input: { ms: 5 }, dependsOn: [] }], layout: {} };
    const replaced = run(start, editorActions.replaceGraph, { graph: other, reason: 'restore' });
    expect(replaced.document.graph).toBe(other);
    expectRoundTrip(start, replaced);
  });

  it('fills the drawn layout in without an undo step (capture "never")', () => {
    const unplaced: EditorState = { ...start, document: { ...start.document, graph: { ...graph, layout: {} } } };
    const filled = run(unplaced, editorActions.fillLayout, { positions: graph.layout });
    expect(Object.keys(filled.document.graph.layout).sort()).toEqual(['draft', 'fetch', 'send']);
    expect(filled.history).toBe(unplaced.history);
  });

  it('a new edit drops what redo would have brought back; the history keeps its last entries only', () => {
    const added = run(start, editorActions.connect, { source: 'fetch', target: 'send' });
    const undone = undoState(added)!;
    expect(undone.history.future).toHaveLength(1);
    const other = run(undone, editorActions.moveSteps, { positions: { fetch: { x: 5, y: 5 } } });
    expect(other.history.future).toHaveLength(0);
    expect(redoState(other)).toBeNull();

    let state = start;
    for (let index = 0; index < historyLimits.entries + 20; index++) {
      state = run(state, editorActions.moveSteps, { positions: { fetch: { x: index + 1, y: 0 } } }, index);
    }
    expect(state.history.past).toHaveLength(historyLimits.entries);
  });
});
