import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectClient } from '../../engine/rpc/direct-transport';
import type { TizmorClient } from '../../engine/api';
import { signatureHeader } from '../../engine/triggers';
import { serve, type RunningHost } from '../../main/server/serve';
import { startHooksServer } from '../../main/server/hooks-server';

let host: RunningHost;
let client: TizmorClient;
let dataDir: string;
let staticDir: string;
let workspaceId: string;
let planId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tizmor-hooks-'));
  staticDir = mkdtempSync(join(tmpdir(), 'tizmor-hooks-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tizmor</title>');
  host = await serve({ dataDir, port: 0, host: '127.0.0.1', token: 'test-token-0123456789', staticDir, log: () => undefined });
  client = createDirectClient(host.engine);
  workspaceId = (await client.system.status({})).defaultWorkspaceId;
  const created = await client.plans.create({
    workspaceId,
    title: 'On order',
    graph: { steps: [{ id: 'greet', title: 'Greet', agent: 'template', input: { template: 'hello' }, dependsOn: [] }], layout: {} },
  });
  planId = created.plan.id;
});

afterAll(async () => {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(staticDir, { recursive: true, force: true });
});

async function webhookTrigger(name = 'Order webhook') {
  const { trigger, secret } = await client.triggers.create({ workspaceId, name, kind: 'webhook', target: { kind: 'plan', planId } });
  if (!secret) throw new Error('a webhook trigger is made with a secret');
  return { trigger, secret, url: `http://127.0.0.1:${host.server.port}/hooks/${trigger.id}` };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

interface Delivery {
  body?: string;
  secret?: string;
  signature?: string | null;
  timestamp?: number;
  deliveryId?: string | null;
  method?: string;
}

async function post(url: string, secret: string, delivery: Delivery = {}) {
  // Identical bytes signed in the same second are one delivery (a replay), so each default body differs.
  const body = delivery.body ?? JSON.stringify({ order: 42, customer: 'Dana', nonce: Math.random() });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signature = delivery.signature === undefined ? signatureHeader(delivery.secret ?? secret, body, delivery.timestamp ?? nowSeconds()) : delivery.signature;
  if (signature !== null) headers['x-tizmor-signature'] = signature;
  if (delivery.deliveryId !== null) headers['x-tizmor-delivery'] = delivery.deliveryId ?? `dlv-${Math.random().toString(36).slice(2)}`;
  const response = await fetch(url, { method: delivery.method ?? 'POST', headers, body: delivery.method === 'GET' ? undefined : body });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function runsOf(triggerId: string) {
  await host.engine.triggers.idle();
  const firings = await client.triggers.firings({ workspaceId, triggerId, limit: 1000 });
  return firings.filter((firing) => firing.runId !== null);
}

describe('incoming webhooks on a real host', () => {
  it('starts exactly one run for a valid signed request, with the JSON body as the run context', async () => {
    const { trigger, secret, url } = await webhookTrigger();
    const answer = await post(url, secret, { deliveryId: 'dlv-first' });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: true, status: 'started' });
    const started = await runsOf(trigger.id);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ source: 'webhook', deliveryId: 'dlv-first', status: 'started' });
    const detail = await client.runs.get({ workspaceId, runId: started[0]?.runId ?? '' });
    expect(detail.run.trigger).toBe('webhook');
    expect(detail.context.webhook).toMatchObject({ order: 42, customer: 'Dana' });
  });

  it('answers 401 and starts nothing for a changed byte, a wrong secret, a missing header or a time over 300 s off', async () => {
    const { trigger, secret, url } = await webhookTrigger('Strict');
    const body = JSON.stringify({ order: 7 });
    const signed = signatureHeader(secret, body, nowSeconds());
    const attempts: Delivery[] = [
      { body: JSON.stringify({ order: 8 }), signature: signed },
      { body, secret: 'whsec_not-the-right-secret-at-all' },
      { body, signature: null },
      // 310, not 301: the host reads its clock a moment later, and a second may tick over in between.
      { body, timestamp: nowSeconds() - 310 },
      { body, timestamp: nowSeconds() + 310 },
      { body, signature: 't=abc,v1=xyz' },
    ];
    for (const attempt of attempts) {
      const answer = await post(url, secret, attempt);
      expect(answer.status, JSON.stringify(attempt)).toBe(401);
      expect(answer.body.error).toBe('unauthorized');
    }
    expect(await runsOf(trigger.id)).toHaveLength(0);
    expect(await client.triggers.firings({ workspaceId, triggerId: trigger.id })).toHaveLength(0);
    const [listed] = (await client.triggers.list({ workspaceId })).filter((item) => item.id === trigger.id);
    expect(listed?.webhook?.rejected).toBe(attempts.length);
    // The same body, signed right, passes.
    expect((await post(url, secret, { body })).status).toBe(202);
  });

  it('answers a replayed delivery 200 and starts no second run (by its id, or by its signature under a new id)', async () => {
    const { trigger, secret, url } = await webhookTrigger('Replays');
    const body = JSON.stringify({ order: 1 });
    const signature = signatureHeader(secret, body, nowSeconds());
    expect((await post(url, secret, { body, signature, deliveryId: 'dlv-1' })).status).toBe(202);
    const again = await post(url, secret, { body, signature, deliveryId: 'dlv-1' });
    expect(again).toEqual({ status: 200, body: expect.objectContaining({ duplicate: true }) });
    // A sender retrying re-signs with a new time but keeps the delivery id.
    expect((await post(url, secret, { body, deliveryId: 'dlv-1', timestamp: nowSeconds() + 5 })).status).toBe(200);
    // A captured request sent again under another delivery id.
    expect((await post(url, secret, { body, signature, deliveryId: 'dlv-2' })).status).toBe(200);
    expect(await runsOf(trigger.id)).toHaveLength(1);
  });

  it('starts 0 runs for 1,000 forged requests', async () => {
    const { trigger, url } = await webhookTrigger('Under attack');
    const started = Date.now();
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < 1000) {
        const index = next++;
        const body = JSON.stringify({ forged: index });
        const answer = await post(url, 'ignored', { body, secret: `whsec_guess_${index}`, deliveryId: `forged-${index}` });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(Object.fromEntries(statuses)).toEqual({ 401: 1000 });
    expect(await runsOf(trigger.id)).toHaveLength(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('accepts both secrets while rotating, then only the new one', async () => {
    const { trigger, secret: oldSecret, url } = await webhookTrigger('Rotating');
    const rotated = await client.triggers.update({ workspaceId, triggerId: trigger.id, rotateSecret: true, previousSecretValidMinutes: 60 });
    const newSecret = rotated.secret ?? '';
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.trigger.webhook?.previousSecretValidUntil).not.toBeNull();
    const order = (n: number) => ({ body: JSON.stringify({ order: n }) });
    expect((await post(url, oldSecret, order(1))).status).toBe(202);
    expect((await post(url, newSecret, order(2))).status).toBe(202);
    const retired = await client.triggers.update({ workspaceId, triggerId: trigger.id, retirePreviousSecret: true });
    expect(retired.secret).toBeNull();
    expect((await post(url, oldSecret, order(3))).status).toBe(401);
    expect((await post(url, newSecret, order(4))).status).toBe(202);
    expect(await runsOf(trigger.id)).toHaveLength(3);
  });

  it('answers 413 to a 2 MB body and starts nothing', async () => {
    const { trigger, secret, url } = await webhookTrigger('Big');
    const body = JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) });
    const answer = await post(url, secret, { body });
    expect(answer.status).toBe(413);
    expect(await runsOf(trigger.id)).toHaveLength(0);
    expect((await post(url, secret)).status).toBe(202);
  });

  it('refuses other methods, unknown triggers, bodies that are not JSON and disabled triggers', async () => {
    const { trigger, secret, url } = await webhookTrigger('Picky');
    expect((await post(url, secret, { method: 'GET' })).status).toBe(405);
    expect((await post(`http://127.0.0.1:${host.server.port}/hooks/no-such-trigger`, secret)).status).toBe(404);
    expect((await post(url, secret, { body: 'order=42' })).status).toBe(400);
    await client.triggers.update({ workspaceId, triggerId: trigger.id, enabled: false });
    expect((await post(url, secret)).status).toBe(409);
    expect(await runsOf(trigger.id)).toHaveLength(0);
  });

  it('records a firing that could not start its run, with the reason', async () => {
    const doomed = await client.plans.create({ workspaceId, title: 'Soon gone', graph: { steps: [{ id: 'a', title: 'A', agent: 'template', input: { template: 'x' }, dependsOn: [] }], layout: {} } });
    const { trigger, secret } = await client.triggers.create({ workspaceId, name: 'Orphan', kind: 'webhook', target: { kind: 'plan', planId: doomed.plan.id } });
    await client.plans.delete({ workspaceId, planId: doomed.plan.id });
    const answer = await post(`http://127.0.0.1:${host.server.port}/hooks/${trigger.id}`, secret ?? '');
    expect(answer).toEqual({ status: 202, body: expect.objectContaining({ status: 'failed', runId: null, error: expect.stringMatching(/no plan/) }) });
    const [firing] = await client.triggers.firings({ workspaceId, triggerId: trigger.id });
    expect(firing).toMatchObject({ status: 'failed', runId: null, error: expect.stringMatching(/no plan/) });
  });

  it('generates the plan from a stored request through plans.generate, then runs it', async () => {
    const request = 'Read notes.txt and summarize it in 3 sentences, then save the summary to summary.md';
    const { trigger, secret } = await client.triggers.create({ workspaceId, name: 'Generate and run', kind: 'webhook', target: { kind: 'request', request } });
    expect((await post(`http://127.0.0.1:${host.server.port}/hooks/${trigger.id}`, secret ?? '')).status).toBe(202);
    await host.engine.triggers.idle();
    const [firing] = await client.triggers.firings({ workspaceId, triggerId: trigger.id });
    expect(firing).toMatchObject({ status: 'started', runId: expect.any(String) });
    const detail = await client.runs.get({ workspaceId, runId: firing!.runId ?? '' });
    expect(detail.steps.map((step) => step.agentId).sort()).toEqual(['files.read', 'files.write', 'llm.summarize']);
    expect((await client.plans.list({ workspaceId })).some((plan) => plan.request === request)).toBe(true);
  });

  it('records why a stored request could not become a run', async () => {
    // Writing new text needs a model; with none configured the plan is made but the linter refuses to run it.
    const { trigger, secret } = await client.triggers.create({
      workspaceId,
      name: 'Needs a model',
      kind: 'webhook',
      target: { kind: 'request', request: 'Write an email to the team about the new holiday schedule' },
    });
    expect((await post(`http://127.0.0.1:${host.server.port}/hooks/${trigger.id}`, secret ?? '')).status).toBe(202);
    await host.engine.triggers.idle();
    const [firing] = await client.triggers.firings({ workspaceId, triggerId: trigger.id });
    expect(firing).toMatchObject({ status: 'failed', runId: null, error: expect.stringMatching(/needs a model/) });
  });

  it('fires a webhook trigger from "test now" with a sample body', async () => {
    const { trigger } = await webhookTrigger('Tested');
    const firing = await client.triggers.test({ workspaceId, triggerId: trigger.id, body: { sample: true } });
    expect(firing).toMatchObject({ source: 'test', status: 'started' });
    const detail = await client.runs.get({ workspaceId, runId: firing.runId ?? '' });
    expect(detail.context.webhook).toEqual({ sample: true });
    expect(detail.run.trigger).toBe('manual');
  });

  it('is served the same way by the hooks-only listener a desktop host can start', async () => {
    const { trigger, secret } = await webhookTrigger('Desktop');
    const hooks = await startHooksServer({ engine: host.engine, port: 0 });
    try {
      expect((await post(`${hooks.baseUrl}${trigger.id}`, secret)).status).toBe(202);
      expect((await post(`${hooks.baseUrl}${trigger.id}`, 'whsec_wrong')).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${hooks.port}/`)).status).toBe(404);
      expect(await runsOf(trigger.id)).toHaveLength(1);
    } finally {
      await hooks.close();
    }
  });
});
