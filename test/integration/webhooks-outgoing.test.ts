import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookDelivery } from '../../engine/api';
import { verifySignature } from '../../engine/triggers';
import { openTriggerEngine, type TriggerEngine } from '../unit/triggers/trigger-helpers';

const SECRET = 'outgoing-secret-0123456789';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A receiver on 127.0.0.1 that answers each request with the next status in `answers` (then 200). */
async function receiver(answers: number[]): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tizmor`, received };
}

let t: TriggerEngine;
const servers: Server[] = [];
beforeEach(async () => {
  t = await openTriggerEngine({ triggers: { retryDelaysMs: [20, 40] } });
});
afterEach(async () => {
  t.close();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function settle(predicate: (deliveries: WebhookDelivery[]) => boolean): Promise<WebhookDelivery[]> {
  for (let waited = 0; waited < 5000; waited += 20) {
    await t.engine.triggers.idle();
    const deliveries = await t.client.triggers.deliveries({ workspaceId: t.workspaceId });
    if (predicate(deliveries)) return deliveries;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the deliveries did not settle');
}

async function runToEnd() {
  const run = await t.client.runs.start({ workspaceId: t.workspaceId, planId: t.planId });
  for (let waited = 0; waited < 5000; waited += 10) {
    const { run: now } = await t.client.runs.get({ workspaceId: t.workspaceId, runId: run.id });
    if (now.status === 'completed' || now.status === 'failed') return now;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the run did not end');
}

describe('outgoing webhooks', () => {
  it('posts run.completed signed, retries a 500 with backoff and records the delivery', async () => {
    const hook = await receiver([500]);
    servers.push(hook.server);
    const port = new URL(hook.url).port;
    await t.client.settings.set({ workspaceId: t.workspaceId, key: 'http.allowHosts', value: [`127.0.0.1:${port}`] });
    await t.client.settings.set({ workspaceId: t.workspaceId, key: 'webhooks.outgoing', value: [{ url: hook.url, secret: SECRET, events: ['run.completed'] }] });
    const run = await runToEnd();
    const [delivery] = await settle((list) => list.some((item) => item.status !== 'pending'));
    expect(delivery).toMatchObject({ event: 'run.completed', status: 'delivered', attempts: 2, responseStatus: 200, url: hook.url });
    expect(hook.received).toHaveLength(2);
    const [first, second] = hook.received;
    // Each attempt is signed (afresh) over its exact bytes, and names the same delivery.
    for (const attempt of [first, second]) {
      const check = verifySignature(String(attempt?.headers['x-tizmor-signature']), attempt?.body ?? Buffer.alloc(0), [SECRET], Math.floor(Date.now() / 1000));
      expect(check.ok).toBe(true);
      expect(attempt?.headers['x-tizmor-event']).toBe('run.completed');
      expect(attempt?.headers['x-tizmor-delivery']).toBe(delivery?.id);
    }
    expect(JSON.parse(second?.body.toString() ?? '{}')).toMatchObject({ event: 'run.completed', workspaceId: t.workspaceId, data: { run: { id: run.id, status: 'completed' } } });
  });

  it('gives up after the last retry, and at once on a 4xx that retrying cannot fix', async () => {
    const flaky = await receiver([503, 503, 503]);
    const refusing = await receiver([400]);
    servers.push(flaky.server, refusing.server);
    await t.client.settings.set({
      workspaceId: t.workspaceId,
      key: 'http.allowHosts',
      value: [`127.0.0.1:${new URL(flaky.url).port}`, `127.0.0.1:${new URL(refusing.url).port}`],
    });
    await t.client.settings.set({
      workspaceId: t.workspaceId,
      key: 'webhooks.outgoing',
      value: [
        { url: flaky.url, secret: SECRET },
        { url: refusing.url, secret: SECRET },
      ],
    });
    await runToEnd();
    const deliveries = await settle((list) => list.length === 2 && list.every((item) => item.status !== 'pending'));
    const byUrl = Object.fromEntries(deliveries.map((item) => [item.url, item]));
    expect(byUrl[flaky.url]).toMatchObject({ status: 'failed', attempts: 3, responseStatus: 503, error: expect.stringMatching(/503/) });
    expect(byUrl[refusing.url]).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 400 });
    expect(flaky.received).toHaveLength(3);
  });

  it('sends nothing to a URL whose host is not on the allow-list, and says so', async () => {
    const hook = await receiver([]);
    servers.push(hook.server);
    await t.client.settings.set({ workspaceId: t.workspaceId, key: 'webhooks.outgoing', value: [{ url: hook.url, secret: SECRET }] });
    await runToEnd();
    const [delivery] = await settle((list) => list.length === 1);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 0, error: expect.stringMatching(/not on the workspace allow-list/) });
    expect(hook.received).toHaveLength(0);
  });

  it('posts approval.requested when a step waits for a person', async () => {
    const hook = await receiver([]);
    servers.push(hook.server);
    await t.client.settings.set({ workspaceId: t.workspaceId, key: 'http.allowHosts', value: [`127.0.0.1:${new URL(hook.url).port}`] });
    await t.client.settings.set({ workspaceId: t.workspaceId, key: 'webhooks.outgoing', value: [{ url: hook.url, secret: SECRET, events: ['approval.requested'] }] });
    const run = await t.client.runs.start({
      workspaceId: t.workspaceId,
      graph: { steps: [{ id: 'save', title: 'Save', agent: 'files.write', input: { path: 'note.txt', content: 'hi' }, dependsOn: [] }], layout: {} },
    });
    const [delivery] = await settle((list) => list.some((item) => item.status === 'delivered'));
    expect(delivery).toMatchObject({ event: 'approval.requested', status: 'delivered', attempts: 1 });
    expect(JSON.parse(hook.received[0]?.body.toString() ?? '{}')).toMatchObject({ event: 'approval.requested', data: { approval: { runId: run.id, stepId: 'save' } } });
    await t.client.runs.cancel({ workspaceId: t.workspaceId, runId: run.id });
  });
});
