import { describe, expect, it } from 'vitest';
import type { PlanGraph, Step } from '../../../engine/api';
import { builtinAgents } from '../../../engine/agents/builtin';
import { createAgentRegistry } from '../../../engine/agents/registry';
import { lintPlan, lintUnknownGraph } from '../../../engine/plan/lint-plan';

const agents = createAgentRegistry(builtinAgents());

function graph(...steps: Array<Partial<Step> & { id: string }>): PlanGraph {
  return { steps: steps.map((step) => ({ title: step.id, agent: 'sim', input: {}, dependsOn: [], ...step })), layout: {} };
}

describe('lintPlan', () => {
  it('accepts a plan whose steps use known agents with fitting inputs and upstream references', () => {
    const plan = graph(
      { id: 'a', input: { output: { n: 1 } } },
      { id: 'b', dependsOn: ['a'], agent: 'delay', input: { ms: '{{steps.a.output.n}}' } },
      { id: 'c', dependsOn: ['b'], agent: 'template', input: { template: 'x', values: { n: '{{steps.a.output.n}}' } } },
    );
    expect(lintPlan(plan, agents)).toEqual([]);
  });

  it('names an unknown agent and lists the known ones', () => {
    const [problem, ...rest] = lintPlan(graph({ id: 'a', agent: 'llm.chat' }), agents);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ code: 'unknown_agent', stepId: 'a' });
    expect(problem?.message).toContain('Step "a" uses the agent "llm.chat", which does not exist.');
    expect(problem?.message).toContain('delay');
    expect(problem?.message).toContain('sim');
  });

  it('reports an input that does not fit the agent at its path', () => {
    const problems = lintPlan(graph({ id: 'a', input: { durationMs: 'slow' } }, { id: 'b', agent: 'delay', input: {} }), agents);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'input_schema', stepId: 'a', path: 'input.durationMs', message: expect.stringMatching(/^Step "a": input\.durationMs: /) }),
      expect.objectContaining({ code: 'input_schema', stepId: 'b', path: 'input.ms' }),
    ]);
  });

  it('does not check fields holding references against the schema (they are checked once resolved)', () => {
    const plan = graph({ id: 'a' }, { id: 'b', dependsOn: ['a'], input: { durationMs: '{{steps.a.output.ms}}', failRate: 'half' } });
    expect(lintPlan(plan, agents)).toEqual([expect.objectContaining({ code: 'input_schema', path: 'input.failRate' })]);
  });

  it('refuses a reference to a step that is not upstream, naming it', () => {
    const plan = graph({ id: 'a' }, { id: 'b' }, { id: 'c', dependsOn: ['a'], input: { output: 'from {{steps.b.output}}' } });
    expect(lintPlan(plan, agents)).toEqual([
      {
        code: 'bad_reference',
        stepId: 'c',
        path: 'input.output',
        message: 'Step "c" uses {{steps.b.output}}, but "b" is not upstream of it: add it to dependsOn.',
      },
    ]);
  });

  it('accepts a reference to an indirect ancestor, refuses one to a downstream step or to itself', () => {
    const plan = graph(
      { id: 'a', input: { output: '{{steps.c.output}}' } },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: ['b'], input: { output: ['{{steps.a.output}}', '{{steps.c.output}}'] } },
    );
    expect(lintPlan(plan, agents).map((problem) => [problem.stepId, problem.path])).toEqual([
      ['a', 'input.output'],
      ['c', 'input.output[1]'],
    ]);
  });

  it('names a reference to a step that does not exist', () => {
    const problems = lintPlan(graph({ id: 'a', input: { output: '{{steps.ghost.output}}' } }), agents);
    expect(problems[0]?.message).toBe('Step "a" uses {{steps.ghost.output}}, but there is no step "ghost".');
  });

  it('includes the graph problems (cycles) but not layout leftovers', () => {
    const plan: PlanGraph = { ...graph({ id: 'a', dependsOn: ['b'] }, { id: 'b', dependsOn: ['a'] }), layout: { gone: { x: 0, y: 0 } } };
    expect(lintPlan(plan, agents).map((problem) => problem.code)).toEqual(['cycle']);
  });
});

describe('lintUnknownGraph', () => {
  it('reports schema problems before anything else', () => {
    const result = lintUnknownGraph({ steps: [{ id: '1bad', title: 'x', agent: 'sim' }] }, agents);
    expect(result.ok).toBe(false);
    expect(result.problems.every((problem) => problem.code === 'schema')).toBe(true);
  });

  it('is ok for a good plan', () => {
    expect(lintUnknownGraph(graph({ id: 'a' }), agents)).toEqual({ ok: true, problems: [] });
  });
});
