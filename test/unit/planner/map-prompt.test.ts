import { describe, expect, it } from 'vitest';
import { filesReadAgent, filesWriteAgent } from '../../../engine/agents/builtin';
import { llmAgents } from '../../../engine/agents/llm';
import { createAgentRegistry } from '../../../engine/agents/registry';
import { forEachSource } from '../../../engine/api';
import { checkDraft } from '../../../engine/planner/plan-draft';
import { buildPlannerPrompt, MAP_EXAMPLE, plannerCatalog } from '../../../engine/planner/prompt';

const registry = createAgentRegistry([filesReadAgent, filesWriteAgent, ...llmAgents(() => null)]);
const catalog = plannerCatalog(registry);

describe('the planner prompt on map steps', () => {
  it('teaches forEach, {{item}} and {{index}} with an example the linter accepts', () => {
    const prompt = buildPlannerPrompt({ request: 'For every client in clients.txt write a report', catalog, hints: [], modelAvailable: true, now: '2025-03-03T09:00:00Z' });
    for (const step of MAP_EXAMPLE) expect(prompt.system).toContain(JSON.stringify(step));
    expect(prompt.system).toMatch(/"forEach"\?: string/);
    const checked = checkDraft({ title: 'Reports', steps: MAP_EXAMPLE }, catalog, registry);
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    expect(MAP_EXAMPLE.filter((step) => step.forEach).map((step) => forEachSource(step))).toEqual(['read']);
    // The list it goes over is one the agent's output schema declares as a list.
    const read = catalog.find((agent) => agent.id === 'files.read')?.outputSchema as { properties: Record<string, { type: string }> };
    expect(read.properties.lines?.type).toBe('array');
  });

  it('the same example without its list upstream, or with {{item}} in a plain step, is refused', () => {
    const [read, write, summary] = MAP_EXAMPLE;
    const detached = checkDraft({ steps: [read!, { ...write!, dependsOn: [] }, summary!] }, catalog, registry);
    expect(detached.ok ? [] : detached.problems.join('\n')).toContain('not upstream');
    const plain = checkDraft({ steps: [read!, { ...write!, forEach: undefined }, summary!] }, catalog, registry);
    expect(plain.ok ? [] : plain.problems.join('\n')).toContain('{{item}}');
  });
});
