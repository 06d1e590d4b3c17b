import { describe, expect, it } from 'vitest';
import type { AgentDescriptor, PlanGraph } from '../../../engine/api';
import { filterAgents, newStepFor } from '../../../renderer/src/plan-editor/agent-palette-model';
import { clipboardFromText, clipboardToText, copySteps, freeStepId, renameReferences } from '../../../renderer/src/plan-editor/clipboard';

const agent = (id: string, name: string, capabilities: string[]): AgentDescriptor => ({
  id,
  name,
  capabilities,
  version: '1',
  description: `${name}.`,
  risk: 'read',
  idempotent: true,
  inputSchema: {},
  outputSchema: {},
});

const catalog = [agent('files.search', 'Search files', ['search', 'files']), agent('template', 'Fill a template', ['compose', 'text'])];

describe('the palette', () => {
  it('finds agents by name, id or capability, every word counting', () => {
    expect(filterAgents(catalog, 'compose').map((item) => item.id)).toEqual(['template']);
    expect(filterAgents(catalog, 'SEARCH files').map((item) => item.id)).toEqual(['files.search']);
    expect(filterAgents(catalog, 'search compose')).toEqual([]);
    expect(filterAgents(catalog, '  ')).toHaveLength(2);
  });

  it('names a new step after its agent, with a free id', () => {
    const graph: PlanGraph = { steps: [{ id: 'search', title: 'S', agent: 'files.search', input: {}, dependsOn: [] }], layout: {} };
    expect(newStepFor('files.search', catalog[0], graph)).toEqual({ id: 'search-2', title: 'Search files', agent: 'files.search' });
    expect(newStepFor('template', catalog[1], graph)).toEqual({ id: 'template', title: 'Fill a template', agent: 'template' });
    expect(newStepFor('x.9lives', undefined, graph).id).toBe('lives');
  });
});

describe('the step clipboard', () => {
  const graph: PlanGraph = {
    steps: [
      { id: 'a', title: 'A', agent: 'x', input: {}, dependsOn: [] },
      { id: 'b', title: 'B', agent: 'x', input: { text: '{{steps.a.output.text}} and {{ steps.z.output }}' }, dependsOn: ['a', 'z'] },
    ],
    layout: { a: { x: 10, y: 20 } },
  };

  it('copies the chosen steps, drops dependencies leading out, and reads its own text back', () => {
    const copied = copySteps(graph, new Set(['b']), { b: { x: 300, y: 20 } });
    expect(copied?.steps[0]?.dependsOn).toEqual([]);
    expect(copied?.layout).toEqual({ b: { x: 300, y: 20 } });
    expect(clipboardFromText(clipboardToText(copied!))).toEqual(copied);
    expect(clipboardFromText('{"tizmor":"steps","steps":[]}')).toBeNull();
    expect(clipboardFromText('hello')).toBeNull();
    expect(copySteps(graph, new Set(['nope']))).toBeNull();
  });

  it('finds free ids within the length limit, and renames references to renamed steps only', () => {
    expect(freeStepId('a', new Set(['a']))).toBe('a-copy');
    expect(freeStepId('a-copy', new Set(['a-copy', 'a-copy-2']))).toBe('a-copy-3');
    expect(freeStepId('x'.repeat(64), new Set(['x'.repeat(64)])).length).toBe(64);
    expect(renameReferences({ t: ['{{steps.a.output}}', '{{steps.ab.output}}'] }, new Map([['a', 'a-copy']]))).toEqual({
      t: ['{{steps.a-copy.output}}', '{{steps.ab.output}}'],
    });
  });
});
