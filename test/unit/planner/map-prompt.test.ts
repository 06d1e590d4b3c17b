import { describe, expect, it } from 'vitest';
import { filesReadAgent, filesWriteAgent } from '../../../engine/agents/builtin';
import { llmAgents } from '../../../engine/agents/llm';
import { createAgentRegistry } from '../../../engine/agents/registry';
import { forEachSource } from '../../../engine/api';
import { checkDraft } from '../../../engine/planner/plan-draft';
import { buildPlannerPrompt, MAP_EXAMPLE, plannerCatalog } from '../../../engine/planner/prompt';

const registry = createAgentRegistry([filesReadAgent, filesWriteAgent, ...llmAgents(() => null)]);
const catalog = plannerCatalog(registry);
const read = { id: 'read', title: 'Read clients.txt', agent: 'files.read', dependsOn: [], input: { path: 'clients.txt' } };

describe('the planner prompt on map steps', () => {
  it('teaches forEach, {{item}} and {{index}} with an example the linter accepts', () => {
    const prompt = buildPlannerPrompt({ request: 'For every client in clients.txt write a report', catalog, hints: [], modelAvailable: true, now: '2025-03-03T09:00:00Z' });
    for (const step of MAP_EXAMPLE) expect(prompt.system).toContain(JSON.stringify(step));
    expect(prompt.system).toMatch(/"forEach"\?: string/);
    const checked = checkDraft({ title: 'Reports', steps: [read, ...MAP_EXAMPLE] }, catalog, registry);
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    expect(MAP_EXAMPLE.filter((step) => step.forEach).map((step) => forEachSource(step))).toEqual(['list']);
  });

  it('the same example without its list upstream, or with {{item}} in a plain step, is refused', () => {
    const [list, write, summary] = MAP_EXAMPLE;
    const detached = checkDraft({ steps: [read, list!, { ...write!, dependsOn: ['read'] }, summary!] }, catalog, registry);
    expect(detached.ok).toBe(false);
    const plain = checkDraft({ steps: [read, list!, { ...write!, forEach: undefined }, summary!] }, catalog, registry);
    expect(plain.ok ? [] : plain.problems.join('\n')).toContain('{{item}}');
  });
});
