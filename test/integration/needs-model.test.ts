import { afterEach, describe, expect, it } from 'vitest';
import { TizmorError, type PlanGraph } from '../../engine/api';
import { openEngine, type Engine } from '../../engine/engine';
import { createDirectClient } from '../../engine/rpc/direct-transport';
import { environmentSecrets } from '../../engine/core/secrets';

describe('steps that need a model', () => {
  let engine: Engine;
  afterEach(() => engine?.close());

  it('are flagged before a run starts when the workspace has no model, and still run in a dry run', async () => {
    engine = openEngine({ dataDir: null, host: 'test', appVersion: '0', log: () => undefined, secrets: environmentSecrets({}) });
    const client = createDirectClient(engine);
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const graph: PlanGraph = {
      steps: [{ id: 'draft', title: 'Draft the report', agent: 'llm.generate', input: { prompt: 'Write the weekly report' }, dependsOn: [] }],
      layout: {},
    };
    const validation = await client.plans.validate({ workspaceId, graph });
    expect(validation.ok).toBe(false);
    expect(validation.problems).toEqual([expect.objectContaining({ code: 'needs_model', stepId: 'draft', message: expect.stringMatching(/needs a model/) })]);

    const refused = await client.runs.start({ workspaceId, graph }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TizmorError);
    expect((refused as TizmorError).code).toBe('bad_input');
    expect(await client.runs.list({ workspaceId })).toEqual([]);

    const dry = await client.runs.start({ workspaceId, graph, options: { simulate: true } });
    await engine.runs.waitFor(dry.id);
    expect((await client.runs.get({ workspaceId, runId: dry.id })).run.status).toBe('completed');
  });
});
