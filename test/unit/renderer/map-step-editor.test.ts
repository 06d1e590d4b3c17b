import { describe, expect, it } from 'vitest';
import { Step, type AgentDescriptor, type PlanGraph } from '../../../engine/api';
import { runAction, undoState, redoState, type EditorState } from '../../../renderer/src/plan-editor/actions/dispatch';
import { updateStepAction } from '../../../renderer/src/plan-editor/actions/step-actions';
import { copySteps, pasteSteps } from '../../../renderer/src/plan-editor/clipboard';
import { toFlow, type FlowInput } from '../../../renderer/src/plan-editor/graph-to-flow';
import { holdsReference } from '../../../renderer/src/plan-editor/inspector/form-model';
import { listReferenceOptions, referenceOptions } from '../../../renderer/src/plan-editor/inspector/reference-options';
import { forEachIssue, isForEachText, itemOptions, itemReferencePaths } from '../../../renderer/src/plan-editor/map-step';
import { emptyHistory } from '../../../renderer/src/plan-editor/history/operation-history';

const agent = (id: string, outputSchema: unknown): AgentDescriptor => ({
  id,
  name: id,
  capabilities: [],
  version: '1',
  description: `${id}.`,
  risk: 'read',
  idempotent: true,
  inputSchema: {},
  outputSchema,
});

const agents = new Map([
  ['files.read', agent('files.read', { type: 'object', properties: { text: { type: 'string' }, bytes: { type: 'number' } } })],
  [
    'files.search',
    agent('files.search', {
      type: 'object',
      properties: {
        matches: { type: 'array', description: 'Matches.', items: { type: 'object', properties: { path: { type: 'string' }, line: { type: 'number' } } } },
        text: { type: 'string' },
      },
    }),
  ],
  ['llm.extract', agent('llm.extract', { type: 'object', properties: { data: {}, text: { type: 'string' } } })],
  ['llm.generate', agent('llm.generate', { type: 'object', properties: { text: { type: 'string' } } })],
]);

const step = (id: string, agentId: string, dependsOn: string[], extra: Partial<Step> = {}): Step => ({ id, title: id.toUpperCase(), agent: agentId, input: {}, dependsOn, ...extra });

/** search → write (a map over the matches) → save (a map over write's outputs); read stands apart. */
const graph: PlanGraph = {
  steps: [
    step('read', 'files.read', []),
    step('search', 'files.search', []),
    step('write', 'llm.generate', ['search'], { forEach: '{{steps.search.output.matches}}', input: { prompt: 'About {{item.path}} ({{index}})' } }),
    step('save', 'llm.generate', ['write'], { forEach: '{{steps.write.output}}', concurrency: 2, maxItems: 50, onItemError: 'collect' }),
  ],
  layout: {},
};

const flowInput = (shown: PlanGraph): FlowInput => ({
  graph: shown,
  positions: {},
  reading: 'ltr',
  flow: 'LR',
  selection: new Set(),
  agents,
  problems: new Map(),
  overlay: null,
  forEachLabel: 'for each',
});

describe('map steps in the editor', () => {
  it('offers as lists only upstream outputs that are (or may be) lists, a map step’s whole output included', () => {
    const forSave = listReferenceOptions(graph, 'save', agents).flatMap((group) => group.options.map((option) => option.expression));
    expect(forSave).toEqual(['{{steps.write.output}}', '{{steps.search.output.matches}}']);
    // read is not upstream of write; search's text is a string, not a list.
    const forWrite = listReferenceOptions(graph, 'write', agents).flatMap((group) => group.options.map((option) => option.expression));
    expect(forWrite).toEqual(['{{steps.search.output.matches}}']);
    const extract: PlanGraph = { steps: [step('list', 'llm.extract', []), step('each', 'llm.generate', ['list'])], layout: {} };
    expect(listReferenceOptions(extract, 'each', agents)[0]?.options.map((option) => [option.expression, option.key])).toEqual([['{{steps.list.output.data}}', 'list-data']]);
  });

  it('offers {{item}}, {{index}} and the item’s fields only inside a map step', () => {
    const write = graph.steps[2] as Step;
    expect(itemOptions(graph, write, agents).map((option) => option.expression)).toEqual(['{{item}}', '{{index}}', '{{item.path}}', '{{item.line}}']);
    const [first] = referenceOptions(graph, 'write', agents);
    expect(first?.item).toBe(true);
    expect(first?.options.map((option) => option.key)).toEqual(['item', 'index', 'item-path', 'item-line']);
    // A map over another map step's output: its items are that agent's outputs.
    expect(itemOptions(graph, graph.steps[3] as Step, agents).map((option) => option.name)).toEqual(['item', 'index', 'item.text']);
    // A plain step has no current item.
    expect(referenceOptions(graph, 'search', agents).some((group) => group.item)).toBe(false);
    expect(itemOptions(graph, graph.steps[1] as Step, agents)).toEqual([]);
  });

  it('says at once when forEach is not one upstream list, or {{item}} is used outside a map step', () => {
    expect(isForEachText('{{steps.search.output.matches}}')).toBe(true);
    expect(isForEachText('{{steps.search.output.matches}} and more')).toBe(false);
    expect(isForEachText('{{item}}')).toBe(false);
    expect(forEachIssue(graph, graph.steps[2] as Step)).toBeNull();
    expect(forEachIssue(graph, step('x', 'llm.generate', ['search'], { forEach: '{{steps.read.output.text}}' }))).toBe('notUpstream');
    expect(forEachIssue(graph, step('x', 'llm.generate', [], { forEach: '{{steps.gone.output}}' }))).toBe('unknownStep');
    expect(forEachIssue(graph, graph.steps[0] as Step)).toBeNull();
    expect(itemReferencePaths({ prompt: 'For {{ item.name }}', list: ['a', '#{{index}}'], n: 3, plain: '{{steps.read.output.text}}' })).toEqual([['prompt'], ['list', 1]]);
    // Number fields take {{index}} as a reference, not as a wrong number.
    expect(holdsReference('{{index}}')).toBe(true);
    expect(holdsReference('{{items}}')).toBe(false);
  });

  it('draws the list as a dashed "for each" edge: the dependency itself, or one of its own, never both', () => {
    const { edges } = toFlow(flowInput(graph), { nodes: [], edges: [] });
    const byId = new Map(edges.map((edge) => [edge.id, edge]));
    expect(edges.map((edge) => edge.id).sort()).toEqual(['search->write', 'write->save']);
    expect(byId.get('search->write')).toMatchObject({ className: 'for-each-edge', label: 'for each' });
    // The list's step reached through another step: an edge of its own, not a dependency one can delete.
    const through: PlanGraph = {
      steps: [step('search', 'files.search', []), step('wait', 'llm.generate', ['search']), step('write', 'llm.generate', ['wait'], { forEach: '{{steps.search.output.matches}}' })],
      layout: {},
    };
    const drawn = toFlow(flowInput(through), { nodes: [], edges: [] }).edges;
    expect(drawn.map((edge) => [edge.id, edge.className ?? ''])).toEqual([
      ['search->wait', ''],
      ['wait->write', ''],
      ['foreach:search->write', 'for-each-edge'],
    ]);
    expect(drawn[2]).toMatchObject({ deletable: false, label: 'for each' });
    // Not upstream at all: still drawn, marked broken.
    const brokenEdges = toFlow(flowInput({ ...through, steps: through.steps.map((s) => (s.id === 'write' ? { ...s, dependsOn: [] } : s)) }), { nodes: [], edges: [] }).edges;
    expect(brokenEdges.find((edge) => edge.id === 'foreach:search->write')?.className).toBe('for-each-edge is-broken');
    // A plain plan has only plain edges.
    const plain = toFlow(flowInput({ steps: [step('a', 'files.read', []), step('b', 'llm.generate', ['a'])], layout: {} }), { nodes: [], edges: [] }).edges;
    expect(plain.map((edge) => edge.className)).toEqual([undefined]);
  });

  it('keeps the map fields through undo and redo, and through copy and paste (the list following a pasted copy)', () => {
    const state: EditorState = { document: { graph, handPlaced: new Set() }, history: emptyHistory, selection: [] };
    const patch = { forEach: '{{steps.search.output.matches}}', concurrency: 4, maxItems: 10, onItemError: 'collect' as const };
    // Clearing "For each" on a plain step changes nothing, so it is no undo step.
    const cleared = { forEach: undefined, concurrency: undefined, maxItems: undefined, onItemError: undefined };
    expect(runAction(state, updateStepAction, { stepId: 'read', patch: cleared, field: 'forEach' }, 0)).toBeNull();
    const mapped = runAction(state, updateStepAction, { stepId: 'write', patch, field: 'forEach' }, 0) as EditorState;
    expect(mapped.document.graph.steps[2]).toMatchObject(patch);
    const undone = undoState(mapped) as EditorState;
    expect(undone.document.graph.steps[2]).toEqual(graph.steps[2]);
    expect((redoState(undone) as EditorState).document.graph.steps[2]).toMatchObject(patch);
    const plain = runAction(mapped, updateStepAction, { stepId: 'write', patch: cleared, field: 'forEach' }, 1) as EditorState;
    expect(Object.keys(plain.document.graph.steps[2] as Step).sort()).toEqual(['agent', 'dependsOn', 'id', 'input', 'title']);

    const clipboard = copySteps(graph, new Set(['search', 'write', 'save']));
    expect(clipboard?.steps.map((copied) => Step.parse(copied).forEach)).toEqual([undefined, '{{steps.search.output.matches}}', '{{steps.write.output}}']);
    const pasted = pasteSteps(graph, clipboard as NonNullable<typeof clipboard>, { x: 40, y: 40 });
    expect(pasted.ids).toEqual(['search-copy', 'write-copy', 'save-copy']);
    const [, write, save] = pasted.graph.steps.slice(-3);
    expect(write).toMatchObject({ forEach: '{{steps.search-copy.output.matches}}', dependsOn: ['search-copy'] });
    expect(save).toMatchObject({ forEach: '{{steps.write-copy.output}}', concurrency: 2, maxItems: 50, onItemError: 'collect' });
    // Pasted without its list's step, a map step keeps pointing at the original list.
    const alone = pasteSteps(graph, copySteps(graph, new Set(['write'])) as NonNullable<typeof clipboard>, { x: 0, y: 0 });
    expect(alone.graph.steps.at(-1)?.forEach).toBe('{{steps.search.output.matches}}');
  });
});
