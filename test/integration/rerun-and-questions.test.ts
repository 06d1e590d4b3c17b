import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TizmorError, type PlanGraph } from '../../engine/api';
import { defineAgent, type AnyAgent } from '../../engine/agents/agent';
import { AgentError } from '../../engine/agents/agent-error';
import { openEngine, type Engine } from '../../engine/engine';
import { createDirectClient } from '../../engine/rpc/direct-transport';

/** Counts calls per step; fails while `failing` holds the step id. */
function flaky() {
  const calls: string[] = [];
  const failing = new Set<string>();
  const agent = defineAgent({
    id: 'test.flaky',
    version: '1',
    name: 'Flaky',
    description: 'Fails on demand.',
    capabilities: [],
    input: z.object({ value: z.unknown().optional() }).passthrough(),
    output: z.object({ from: z.string(), value: z.unknown().optional() }),
    risk: 'read',
    idempotent: true,
    cacheable: false,
    async execute(input, ctx) {
      calls.push(ctx.stepId);
      if (failing.has(ctx.stepId)) throw new AgentError(`${ctx.stepId} is set to fail`);
      return { from: ctx.stepId, value: input.value };
    },
  }) as AnyAgent;
  return { agent, calls, failing };
}

const step = (id: string, dependsOn: string[] = [], input: Record<string, unknown> = {}) => ({ id, title: id, agent: 'test.flaky', input, dependsOn });

describe('retry a failed step, rerun from a step, ask the person', () => {
  let engine: Engine;
  afterEach(() => engine?.close());

  async function setup() {
    const probe = flaky();
    engine = openEngine({ dataDir: null, host: 'test', appVersion: '0', extraAgents: [probe.agent], log: () => undefined });
    const client = createDirectClient(engine);
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    return { probe, client, workspaceId };
  }

  it('retries a failed step in its run; the steps it skipped run, the other branch is kept', async () => {
    const { probe, client, workspaceId } = await setup();
    const graph: PlanGraph = {
      steps: [step('a'), step('b', ['a'], { retry: 1 }), step('c', ['b'], { value: '{{steps.b.output.from}}' }), step('side')],
      layout: {},
    };
    graph.steps[1]!.retry = { maxAttempts: 1 };
    probe.failing.add('b');
    const run = await client.runs.start({ workspaceId, graph });
    await engine.runs.waitFor(run.id);
    let detail = await client.runs.get({ workspaceId, runId: run.id });
    expect(detail.run.status).toBe('failed');
    expect(detail.steps.find((s) => s.stepId === 'c')?.status).toBe('skipped');

    probe.failing.delete('b');
    const retried = await client.runs.retryStep({ workspaceId, runId: run.id, stepId: 'b' });
    expect(retried.id).toBe(run.id);
    await engine.runs.waitFor(run.id);
    detail = await client.runs.get({ workspaceId, runId: run.id });
    expect(detail.run.status).toBe('completed');
    expect(detail.steps.find((s) => s.stepId === 'b')).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(detail.steps.find((s) => s.stepId === 'c')?.output).toEqual({ from: 'c', value: 'b' });
    expect(probe.calls.filter((id) => id === 'a' || id === 'side')).toEqual(expect.arrayContaining(['a', 'side']));
    expect(probe.calls.filter((id) => id === 'a')).toHaveLength(1);
    expect(probe.calls.filter((id) => id === 'side')).toHaveLength(1);

    await expect(client.runs.retryStep({ workspaceId, runId: run.id, stepId: 'a' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('reruns from a step: says what re-runs and what is reused, then reuses upstream outputs', async () => {
    const { probe, client, workspaceId } = await setup();
    const graph: PlanGraph = { steps: [step('fetch'), step('sum', ['fetch'], { value: '{{steps.fetch.output.from}}' }), step('send', ['sum']), step('other')], layout: {} };
    const first = await client.runs.start({ workspaceId, graph });
    await engine.runs.waitFor(first.id);
    probe.calls.length = 0;

    const preview = await client.runs.rerunFrom({ workspaceId, runId: first.id, stepId: 'sum', dryRun: true });
    expect(preview).toEqual({ run: null, rerun: ['sum', 'send'], reused: ['fetch', 'other'] });
    expect(probe.calls).toEqual([]);

    const { run } = await client.runs.rerunFrom({ workspaceId, runId: first.id, stepId: 'sum' });
    expect(run?.trigger).toBe('rerun');
    await engine.runs.waitFor(run!.id);
    const detail = await client.runs.get({ workspaceId, runId: run!.id });
    expect(detail.run.status).toBe('completed');
    expect(probe.calls.sort()).toEqual(['send', 'sum']);
    expect(detail.steps.find((s) => s.stepId === 'sum')?.output).toEqual({ from: 'sum', value: 'fetch' });
    const events = await client.runs.events({ workspaceId, runId: run!.id });
    expect(events.filter((event) => event.type === 'step.reused').map((event) => event.stepId)).toEqual(['fetch', 'other']);
  });

  it('asks the person with human.ask: checks the answer, and the answer becomes the output', async () => {
    const { client, workspaceId } = await setup();
    const graph: PlanGraph = {
      steps: [
        {
          id: 'ask',
          title: 'Which client?',
          agent: 'human.ask',
          input: { question: 'Which client is this for?', fields: [{ name: 'client', type: 'choice', options: ['Acme', 'Globex'] }] },
          dependsOn: [],
        },
        step('use', ['ask'], { value: '{{steps.ask.output.client}}' }),
      ],
      layout: {},
    };
    const run = await client.runs.start({ workspaceId, graph, options: { autoApprove: true } });
    await expect.poll(async () => (await client.runs.get({ workspaceId, runId: run.id })).run.status).toBe('waiting_approval');
    const [question] = await client.approvals.list({ workspaceId, runId: run.id, status: 'pending' });
    expect(question).toMatchObject({ kind: 'question', reason: 'Which client is this for?', stepId: 'ask' });

    const missing = await client.approvals.decide({ workspaceId, approvalId: question!.id, decision: 'approve' }).catch((error: unknown) => error);
    expect((missing as TizmorError).code).toBe('bad_input');
    const wrong = await client.approvals
      .decide({ workspaceId, approvalId: question!.id, decision: 'approve', answer: { client: 'Initech' } })
      .catch((error: unknown) => error);
    expect((wrong as TizmorError).message).toMatch(/one of: Acme, Globex/);

    await client.approvals.decide({ workspaceId, approvalId: question!.id, decision: 'approve', answer: { client: 'Globex' } });
    await engine.runs.waitFor(run.id);
    const detail = await client.runs.get({ workspaceId, runId: run.id });
    expect(detail.run.status).toBe('completed');
    expect(detail.steps.find((s) => s.stepId === 'ask')?.output).toEqual({ client: 'Globex' });
    expect(detail.steps.find((s) => s.stepId === 'use')?.output).toEqual({ from: 'use', value: 'Globex' });
  });
});
