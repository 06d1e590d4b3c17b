import { describe, expect, it } from 'vitest';
import { builtinAgents } from '../../../engine/agents/builtin';
import { llmAgents } from '../../../engine/agents/llm';
import { createAgentRegistry } from '../../../engine/agents/registry';
import { layoutGraph } from '../../../engine/planner/layout';
import { checkDraft, draftJsonSchema, MAX_GENERATED_STEPS } from '../../../engine/planner/plan-draft';
import { buildPlannerPrompt, plannerCatalog, withProblems } from '../../../engine/planner/prompt';

const registry = createAgentRegistry([...builtinAgents(), ...llmAgents(() => null)]);
const catalog = plannerCatalog(registry);
const step = (id: string, extra: Record<string, unknown> = {}) => ({ id, title: id, agent: 'template', input: { template: 'x' }, dependsOn: [], ...extra });

describe('checking a generated plan', () => {
  it('passes a good plan and accepts the shapes models drift into', () => {
    expect(checkDraft({ title: 'T', steps: [step('a'), step('b', { dependsOn: ['a'] })] }, catalog, registry).ok).toBe(true);
    expect(checkDraft([step('a')], catalog, registry).ok).toBe(true);
    expect(checkDraft({ plan: { steps: [step('a')] } }, catalog, registry).ok).toBe(true);
  });

  it('lists schema problems by path', () => {
    const checked = checkDraft({ steps: [{ id: '1a', title: '', agent: 'template' }] }, catalog, registry);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problems).toEqual([
      'steps.0.id: a step id starts with a letter and holds only letters, digits, "_" and "-"',
      'steps.0.title: Too small: expected string to have >=1 characters',
    ]);
  });

  it('refuses empty plans, too many steps and huge inputs', () => {
    const empty = checkDraft({ steps: [] }, catalog, registry);
    expect(!empty.ok && empty.problems).toEqual(['steps: the plan has no steps']);
    const many = checkDraft({ steps: Array.from({ length: MAX_GENERATED_STEPS + 1 }, (_, index) => step(`s${index}`)) }, catalog, registry);
    expect(!many.ok && many.problems).toEqual([`steps: a plan has at most ${MAX_GENERATED_STEPS} steps`]);
    const huge = checkDraft({ steps: [step('a', { input: { template: 'x'.repeat(9000) } })] }, catalog, registry);
    expect(!huge.ok && huge.problems).toEqual(['Step "a" input.template is 9000 characters long; keep inputs under 8000.']);
  });

  it('refuses agents the planner was not shown (the simulator) and the engine lint problems', () => {
    const checked = checkDraft(
      { steps: [step('a', { agent: 'sim', input: {} }), step('b', { agent: 'files.read', input: {} }), step('c', { input: { template: '{{steps.b.output.text}}' } })] },
      catalog,
      registry,
    );
    expect(!checked.ok && checked.problems).toEqual([
      expect.stringMatching(/^Step "a" uses the agent "sim", which is not in the catalog\. Use only: .*files\.read/),
      'Step "b": input.path: Invalid input: expected string, received undefined',
      'Step "c" uses {{steps.b.output.text}}, but "b" is not upstream of it: add it to dependsOn.',
    ]);
  });

  it('asks the model for agents from the catalog only', () => {
    const schema = draftJsonSchema(catalog) as { properties: { steps: { items: { properties: { agent: { enum: string[] } } } } } };
    expect(schema.properties.steps.items.properties.agent.enum).toEqual(catalog.map((agent) => agent.id));
    expect(catalog.map((agent) => agent.id)).not.toContain('sim');
  });

  it('lets the model write map steps: the schema names forEach and its options, and a map draft passes', () => {
    const schema = draftJsonSchema(catalog) as { properties: { steps: { items: { properties: Record<string, unknown>; propertyOrdering: string[] } } } };
    for (const key of ['forEach', 'concurrency', 'maxItems', 'onItemError']) {
      expect(schema.properties.steps.items.properties[key], key).toBeDefined();
      expect(schema.properties.steps.items.propertyOrdering).toContain(key);
    }
    const map = checkDraft(
      {
        steps: [
          { id: 'read', title: 'Read', agent: 'files.read', input: { path: 'clients.txt' }, dependsOn: [] },
          step('each', { dependsOn: ['read'], forEach: '{{steps.read.output.lines}}', input: { template: 'Report for {{item}} ({{index}})' }, onItemError: 'collect' }),
        ],
      },
      catalog,
      registry,
    );
    expect(map.ok).toBe(true);
    const stray = checkDraft({ steps: [step('a', { input: { template: '{{item}}' } })] }, catalog, registry);
    expect(!stray.ok && stray.problems).toEqual([expect.stringMatching(/only a step with forEach has/)]);
  });

  it('feeds problems back after the model\'s own answer', () => {
    const prompt = buildPlannerPrompt({ request: 'r', catalog, hints: [], modelAvailable: false, now: '2025-01-01T00:00:00Z' });
    const next = withProblems(prompt, '{"steps": []}', ['steps: the plan has no steps']);
    expect(next.messages.map((message) => message.role)).toEqual(['user', 'model', 'user']);
    expect(next.messages[2]!.text).toBe('That plan cannot run. Fix these problems and answer with the whole corrected plan as JSON only:\n- steps: the plan has no steps');
  });

  it('lays steps out by depth, keeping known positions', () => {
    const graph = layoutGraph(
      { steps: [step('a'), step('b'), step('c', { dependsOn: ['a', 'b'] }), step('d', { dependsOn: ['c'] })], layout: {} },
      { d: { x: 5, y: 5 } },
    );
    expect(graph.layout).toEqual({ a: { x: 0, y: 0 }, b: { x: 0, y: 120 }, c: { x: 280, y: 0 }, d: { x: 5, y: 5 } });
  });
});
