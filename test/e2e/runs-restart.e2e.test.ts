import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './helpers/browser';
import { connectClient } from './helpers/contract';
import { makeDataDir, removeDataDir } from './helpers/host';
import { createPlan, freePort, simStep, startKillableHost, waitForRunStatus, waitForStepStatus, type KillableHost } from './helpers/runs';
import { saveScreenshot } from './helpers/screenshots';

let browser: Browser;
let dataDir: string;
let host: KillableHost | undefined;
let hook: Server;
/** What the hook received: one entry per request. */
const received: { key: string | undefined; body: string }[] = [];
/** The first request, and any asking to be held, stays open like a slow service until the test ends. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  dataDir = makeDataDir();
  hook = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ key: request.headers['idempotency-key'] as string | undefined, body });
      if (received.length === 1 || body.includes('"hold":true')) {
        held.push(response);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ stored: true }));
    });
  });
  await new Promise<void>((ready) => hook.listen(0, '127.0.0.1', ready));
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const response of held) response.destroy();
  await new Promise<void>((done) => hook.close(() => done()));
  await browser?.close();
  await host?.stop();
  removeDataDir(dataDir);
});

describe('a run across a host restart', () => {
  it('goes on after the host is killed mid-step; the interrupted POST asks "run again or skip?"', async () => {
    const hookPort = (hook.address() as AddressInfo).port;
    const port = await freePort();
    const token = randomBytes(16).toString('hex');
    host = await startKillableHost(dataDir, port, token);
    const first = await connectClient(host);
    const { planId, workspaceId } = await createPlan(first.client, 'Post the report', {
      steps: [
        simStep('prepare', [], { durationMs: 100 }),
        {
          id: 'post',
          title: 'Post to the ledger',
          agent: 'http.request',
          input: { url: `http://127.0.0.1:${hookPort}/ledger`, method: 'POST', body: { report: 'weekly' } },
          dependsOn: ['prepare'],
        },
        simStep('tidy', ['prepare'], { durationMs: 3000 }),
        simStep('finish', ['post', 'tidy'], { durationMs: 100 }),
      ],
    });
    const run = await first.client.runs.start({
      workspaceId,
      planId,
      options: { autoApprove: true, allowHosts: [`127.0.0.1:${hookPort}`] },
    });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs/${run.id}`);
    await waitForStepStatus(page, 'post', 'running');
    await waitForStepStatus(page, 'tidy', 'running');
    await expect.poll(() => received.length).toBe(1);

    // A crash: the host dies while the POST waits for its answer and `tidy` is half done.
    first.close();
    await host.kill();
    await page.getByTestId('error-banner').waitFor();
    host = await startKillableHost(dataDir, port, token);
    await page.reload();

    // The run goes on by itself: `tidy` (safe to repeat) runs again; the POST (not safe) asks a person.
    const dialog = page.getByTestId('approval-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('data-kind')).toBe('interrupted');
    expect(await dialog.getAttribute('data-step')).toBe('post');
    expect(await page.locator('.approval-dialog-title').textContent()).toBe('Interrupted — run again or skip?');
    expect(await page.getByTestId('skip').isVisible()).toBe(true);
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'approval-interrupted-en');
    await waitForStepStatus(page, 'tidy', 'succeeded');
    await waitForStepStatus(page, 'post', 'waiting_approval');
    await waitForRunStatus(page, 'waiting_approval');

    await page.getByTestId('approve').click();
    await waitForRunStatus(page, 'completed');
    await waitForStepStatus(page, 'finish', 'succeeded');
    // The POST was sent twice, as the person asked, with the same idempotency key.
    expect(received).toHaveLength(2);
    expect(received[0]?.key).toBe(`${run.id}:post`);
    expect(received[1]?.key).toBe(received[0]?.key);
    expect(errors.filter((error) => !error.includes('WebSocket'))).toEqual([]);
    await context.close();
  });

  it('asks once for the interrupted items of a map step; "skip all" skips them and the run goes on', async () => {
    const hookPort = (hook.address() as AddressInfo).port;
    const port = await freePort();
    const token = randomBytes(16).toString('hex');
    await host?.stop();
    host = await startKillableHost(dataDir, port, token);
    const first = await connectClient(host);
    const { planId, workspaceId } = await createPlan(first.client, 'Post each client', {
      steps: [
        simStep('clients', [], { durationMs: 50, output: { names: ['Acme', 'Globex', 'Initech'] } }),
        {
          id: 'post',
          title: 'Post each client',
          agent: 'http.request',
          input: { url: `http://127.0.0.1:${hookPort}/ledger`, method: 'POST', body: { client: '{{item}}', hold: true } },
          dependsOn: ['clients'],
          forEach: '{{steps.clients.output.names}}',
          approval: 'never',
        },
        simStep('finish', ['post'], { durationMs: 50 }),
      ],
    });
    const before = received.length;
    const run = await first.client.runs.start({ workspaceId, planId, options: { allowHosts: [`127.0.0.1:${hookPort}`] } });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs/${run.id}`);
    await expect.poll(() => received.length - before).toBe(3);

    // The host dies while the three POSTs wait for their answers.
    first.close();
    await host.kill();
    await page.getByTestId('error-banner').waitFor();
    host = await startKillableHost(dataDir, port, token);
    await page.reload();

    const dialog = page.getByTestId('map-approval-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('data-kind')).toBe('interrupted');
    await expect.poll(() => dialog.getAttribute('data-count')).toBe('3');
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'map-approval-interrupted-en');
    await page.getByTestId('map-skip-all').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForRunStatus(page, 'completed');
    await waitForStepStatus(page, 'finish', 'succeeded');
    // Nothing was sent again: a person chose to skip the three.
    expect(received.length - before).toBe(3);
    const second = await connectClient(host);
    const detail = await second.client.runs.get({ workspaceId, runId: run.id });
    expect(detail.items.post?.map((item) => item.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(detail.steps.find((step) => step.stepId === 'post')?.output).toEqual([
      expect.objectContaining({ failed: true, index: 0 }),
      expect.objectContaining({ failed: true, index: 1 }),
      expect.objectContaining({ failed: true, index: 2 }),
    ]);
    second.close();
    // While the host is down the page's socket and requests are refused; nothing else may go wrong.
    expect(errors.filter((error) => !error.includes('WebSocket') && !/net::ERR_CONNECTION_(REFUSED|RESET)/.test(error))).toEqual([]);
    await context.close();
  });
});
