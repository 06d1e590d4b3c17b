import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methodNames } from '../../../engine/api';
import { createDirectTransport } from '../../../engine/rpc/direct-transport';
import { openTestEngine, rejectionOf, type TestEngine } from '../../helpers/builders';

let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine();
});
afterEach(() => t.close());

describe('engine.dispatch', () => {
  it('answers unknown_method for a method the contract does not have', async () => {
    for (const name of ['plans.explode', 'constructor', '__proto__', 'toString', '']) {
      const envelope = await t.engine.dispatch(name, {});
      expect(envelope).toEqual({ ok: false, error: { code: 'unknown_method', message: expect.any(String) } });
    }
  });

  it('answers unknown_method through the client transport too', async () => {
    const transport = createDirectTransport(t.engine);
    const error = await rejectionOf(transport.call('plans.explode' as never, {}));
    expect(error.code).toBe('unknown_method');
    expect(error.message).toContain('plans.explode');
  });

  it('answers bad_input with the path of every invalid field, without running the method', async () => {
    const envelope = await t.engine.dispatch('plans.create', { workspaceId: t.defaultWorkspaceId, title: '', graph: { steps: 'many' } });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('bad_input');
    expect(envelope.error.message).toContain('plans.create');
    const paths = (envelope.error.details as { path: string }[]).map((issue) => issue.path).sort();
    expect(paths).toEqual(['graph.steps', 'title']);
    expect(await t.client.plans.list({ workspaceId: t.defaultWorkspaceId })).toEqual([]);
  });

  it('answers bad_input for a missing input where fields are required, and accepts none where none are', async () => {
    const missing = await t.engine.dispatch('plans.list', undefined);
    expect(missing).toMatchObject({ ok: false, error: { code: 'bad_input', details: [{ path: 'workspaceId' }] } });
    expect(await t.engine.dispatch('workspaces.list', undefined)).toMatchObject({ ok: true });
  });

  it('serves every method of the contract (none answers unknown_method)', async () => {
    for (const name of methodNames) {
      const envelope = await t.engine.dispatch(name, {});
      if (!envelope.ok) expect(envelope.error.code, name).not.toBe('unknown_method');
    }
  });

  it('answers unavailable once the engine is closed', async () => {
    t.close();
    expect(await t.engine.dispatch('workspaces.list', {})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: expect.any(String) },
    });
  });

  it('answers internal, and logs it, when the store fails underneath', async () => {
    t.engine.store.close();
    const envelope = await t.engine.dispatch('workspaces.list', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(t.logs.some((line) => line.startsWith('workspaces.list failed'))).toBe(true);
  });
});
