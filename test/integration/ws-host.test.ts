import { request } from 'node:http';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TizmorError, type PlanGraph } from '../../engine/api';
import { startHostFixture, type HostFixture } from './host-fixture';

const graph: PlanGraph = {
  steps: [
    { id: 'fetch', title: 'Fetch December notes', agent: 'files.search', input: { query: 'december' }, dependsOn: [] },
    { id: 'summarize', title: 'Summarize', agent: 'llm.summarize', input: { text: '{{steps.fetch.output.text}}' }, dependsOn: ['fetch'] },
  ],
  layout: { fetch: { x: 0, y: 0 }, summarize: { x: 260, y: 0 } },
};

/** Sends raw text on an authorized socket and waits for the next reply frame. */
async function rawExchange(fixture: HostFixture, frame: string | Buffer): Promise<Record<string, unknown>> {
  const socket = new WebSocket(`ws://127.0.0.1:${fixture.port}/ws?token=${fixture.token}`);
  const hello = await new Promise<string>((resolve, reject) => socket.once('message', (data) => resolve(String(data))).once('error', reject));
  expect(JSON.parse(hello)).toEqual({ hello: { protocol: 2 } });
  const reply = new Promise<Record<string, unknown>>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
  socket.send(frame);
  const result = await reply;
  socket.close();
  return result;
}

async function expectError(promise: Promise<unknown>, code: string): Promise<TizmorError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a ${code} error`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TizmorError);
  expect((error as TizmorError).code).toBe(code);
  return error as TizmorError;
}

describe('headless host over WebSocket', () => {
  let fixture: HostFixture;
  beforeEach(async () => {
    fixture = await startHostFixture();
  });
  afterEach(async () => {
    await fixture.stop();
  });

  it('serves the contract: create a plan, save a version, list versions', async () => {
    const { client } = await fixture.connect();
    const status = await client.system.status({});
    expect(status.host).toBe('server');
    expect(status.schemaVersion).toBeGreaterThanOrEqual(1);
    const workspaceId = status.defaultWorkspaceId;
    const created = await client.plans.create({ workspaceId, title: 'December for client X' });
    expect(created.version.number).toBe(1);
    const saved = await client.plans.saveVersion({ workspaceId, planId: created.plan.id, graph, message: 'two steps', baseVersion: 1 });
    expect(saved.number).toBe(2);
    const versions = await client.plans.versions({ workspaceId, planId: created.plan.id });
    expect(versions.map((version) => [version.number, version.message, version.stepCount])).toEqual([
      [2, 'two steps', 2],
      [1, 'Created', 0],
    ]);
  });

  it('pushes plan.changed to every connected client', async () => {
    const first = await fixture.connect();
    const second = await fixture.connect();
    const { defaultWorkspaceId: workspaceId } = await first.client.system.status({});
    const seen = new Promise((resolve) => second.client.on('plan.changed', resolve));
    const created = await first.client.plans.create({ workspaceId, title: 'Shared' });
    await expect(seen).resolves.toEqual({ workspaceId, planId: created.plan.id, change: 'created', headVersion: 1 });
  });

  it('keeps data across a restart of the host', async () => {
    const { client } = await fixture.connect();
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const created = await client.plans.create({ workspaceId, title: 'Durable', graph });
    await fixture.restart();
    const again = await fixture.connect();
    const found = await again.client.plans.get({ workspaceId, planId: created.plan.id });
    expect(found.version.graph).toEqual(graph);
    expect((await again.client.system.status({})).defaultWorkspaceId).toBe(workspaceId);
  });

  it('refuses a wrong or missing token', async () => {
    await expectError(fixture.connect('wrong-token'), 'unauthorized');
    await expectError(fixture.connect(''), 'unauthorized');
  });

  it('refuses a socket opened from another site', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${fixture.port}/ws?token=${fixture.token}`, { origin: 'http://evil.example' });
    const code = await new Promise<number>((resolve) => socket.once('close', (closeCode) => resolve(closeCode)));
    expect(code).toBe(4403);
  });

  it('answers bad input with typed errors and keeps serving', async () => {
    const { client, transport } = await fixture.connect();
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});

    const unknown = await expectError(transport.call('plans.fly' as never, {}), 'unknown_method');
    expect(unknown.message).toContain('plans.fly');

    const invalid = await expectError(client.plans.create({ workspaceId, title: 42 as unknown as string }), 'bad_input');
    expect(invalid.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'title' })]));

    const malformed = await expectError(client.plans.importFile({ workspaceId, content: '{"version": 1, "title": ' }), 'bad_input');
    expect(malformed.message).toMatch(/not valid JSON/);

    const cyclic = JSON.stringify({
      version: 1,
      title: 'Loop',
      steps: [
        { id: 'a', title: 'A', agent: 'x', dependsOn: ['b'] },
        { id: 'b', title: 'B', agent: 'x', dependsOn: ['a'] },
      ],
    });
    await expectError(client.plans.importFile({ workspaceId, content: cyclic }), 'bad_input');

    expect(await rawExchange(fixture, '{not json')).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await rawExchange(fixture, JSON.stringify({ method: 'system.status' }))).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    const huge = JSON.stringify({ id: 7, method: 'plans.importFile', input: { workspaceId, content: 'x'.repeat(10 * 1024 * 1024) } });
    expect(await rawExchange(fixture, huge)).toMatchObject({ id: 7, ok: false, error: { code: 'too_large' } });

    await expectError(client.plans.get({ workspaceId, planId: 'no-such-plan' }), 'not_found');
    expect((await client.plans.list({ workspaceId })).length).toBe(0);
    expect((await client.workspaces.list({})).length).toBe(1);
  });

  it('keeps workspaces apart over the wire', async () => {
    const { client } = await fixture.connect();
    const { defaultWorkspaceId } = await client.system.status({});
    const other = await client.workspaces.create({ name: 'Client Y' });
    const secret = await client.plans.create({ workspaceId: other.id, title: 'Only in Y', graph });
    expect(await client.plans.list({ workspaceId: defaultWorkspaceId })).toEqual([]);
    await expectError(client.plans.get({ workspaceId: defaultWorkspaceId, planId: secret.plan.id }), 'not_found');
    await expectError(client.plans.delete({ workspaceId: defaultWorkspaceId, planId: secret.plan.id }), 'not_found');
    expect((await client.plans.list({ workspaceId: other.id })).map((plan) => plan.title)).toEqual(['Only in Y']);
  });

  it('serves the app with a strict CSP and refuses paths outside it', async () => {
    const get = (path: string) =>
      new Promise<{ status: number; csp: string | undefined; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: fixture.port, path, method: 'GET' }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, csp: response.headers['content-security-policy'] as string | undefined, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const index = await get('/?token=x');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Tizmor</title>');
    expect(index.csp).toContain("script-src 'self'");
    expect(index.csp).not.toContain('unsafe-eval');
    const escape = await get('/..%2f..%2f..%2fetc%2fpasswd');
    expect(escape.status).toBe(403);
  });
});

describe('plans.diff over the wire', () => {
  it('answers the field-level diff of two versions', async () => {
    const fixture = await startHostFixture();
    try {
      const { client } = await fixture.connect();
      const { defaultWorkspaceId: workspaceId } = await client.system.status({});
      const created = await client.plans.create({ workspaceId, title: 'December', graph });
      const edited = { ...graph, steps: graph.steps.map((step) => (step.id === 'fetch' ? { ...step, input: { query: 'november' } } : step)) };
      await client.plans.saveVersion({ workspaceId, planId: created.plan.id, graph: edited, message: 'November instead' });
      const diff = await client.plans.diff({ workspaceId, planId: created.plan.id, from: 1, to: 2 });
      expect(diff.stepsChanged).toEqual([{ stepId: 'fetch', changes: [{ path: 'input.query', before: 'december', after: 'november' }] }]);
      await expectError(client.plans.diff({ workspaceId, planId: created.plan.id, from: 1, to: 9 }), 'not_found');
    } finally {
      await fixture.stop();
    }
  });
});
