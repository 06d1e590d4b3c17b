import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TizmorClient } from '../../engine/api';
import { openPage, pickOption } from './helpers/browser';
import type { RunningHost } from './helpers/host';
import { createPlan, recordStatuses, simStep, statusHistory, stepStatus, waitForRunEnd, waitForRunStatus, waitForStepStatus } from './helpers/runs';
import { saveScreenshot } from './helpers/screenshots';
import { startBrowserSuite, type BrowserSuite } from './helpers/suite';

let browser: Browser;
let host: RunningHost;
let client: TizmorClient;
let suite: BrowserSuite | undefined;

beforeAll(async () => {
  suite = await startBrowserSuite();
  ({ browser, host, client } = suite);
});

afterAll(() => suite?.stop());

describe('a run, live on the graph', () => {
  it('starts from "Run", shows each step pending → running → succeeded in dependency order, and ends completed', async () => {
    await createPlan(client, 'Three quick steps', {
      steps: [simStep('fetch', [], { durationMs: 800 }), simStep('shape', ['fetch'], { durationMs: 800 }), simStep('store', ['shape'], { durationMs: 800 })],
    });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs`);
    await page.getByTestId('page-runs').waitFor();
    await pickOption(page, 'runs-filter-plan', 'Three quick steps');
    await recordStatuses(page);
    await page.getByTestId('run-plan').click();

    // The run view opens on the plan's graph, and follows the engine.
    await page.locator('[data-testid="run-view"][data-run-id]').waitFor();
    expect(await page.getByTestId('run-title').textContent()).toBe('Three quick steps');
    await waitForRunStatus(page, 'completed');
    await expect.poll(() => page.getByTestId('run-progress-text').textContent()).toBe('3/3 steps, 100%');

    const history = await statusHistory(page);
    const seen = (stepId: string) => (history[stepId] ?? []).map((entry) => entry.status);
    for (const stepId of ['fetch', 'shape', 'store']) {
      expect(seen(stepId)).toContain('running');
      expect(seen(stepId).at(-1)).toBe('succeeded');
      expect(seen(stepId).indexOf('running')).toBeLessThan(seen(stepId).indexOf('succeeded'));
    }
    // A step starts only once the step it waits for has succeeded.
    const firstAt = (stepId: string, status: string) => (history[stepId] ?? []).find((entry) => entry.status === status)?.at ?? Number.NaN;
    expect(firstAt('shape', 'running')).toBeGreaterThanOrEqual(firstAt('fetch', 'succeeded'));
    expect(firstAt('store', 'running')).toBeGreaterThanOrEqual(firstAt('shape', 'succeeded'));
    expect(seen('store')[0]).not.toBe('succeeded');

    // The run is in the history, and its node shows how long it took.
    expect(await page.getByTestId('step-time-fetch').textContent()).toMatch(/\d/);
    await page.getByTestId('back-to-runs').click();
    await page.getByTestId('runs-list').waitFor();
    expect(await page.locator('[data-testid^="run-item-"][data-status="completed"]').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('pause lets the running step finish and starts no new one; resume goes on', async () => {
    const { planId, workspaceId } = await createPlan(client, 'Four slow steps', {
      steps: [simStep('one', [], { durationMs: 3000 }), simStep('two', ['one'], { durationMs: 300 }), simStep('three', ['two'], { durationMs: 300 })],
    });
    const run = await client.runs.start({ workspaceId, planId });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs/${run.id}`);
    await waitForStepStatus(page, 'one', 'running');
    await page.getByTestId('pause-run').click();
    await waitForRunStatus(page, 'paused');
    // What had not started when the engine paused must not start: the running step finishes, nothing follows it.
    const read = async () => new Map((await client.runs.get({ workspaceId, runId: run.id })).steps.map((step) => [step.stepId, step.status]));
    const atPause = await read();
    const waiting = [...atPause].filter(([, status]) => status === 'pending' || status === 'ready').map(([stepId]) => stepId);
    expect(waiting).toContain('three');
    await expect.poll(async () => [...(await read()).values()].includes('running'), { timeout: 10_000 }).toBe(false);
    await page.waitForTimeout(1200);
    const later = await read();
    for (const stepId of waiting) {
      expect(['pending', 'ready']).toContain(later.get(stepId));
      expect(['pending', 'ready']).toContain(await stepStatus(page, stepId));
    }
    await waitForRunStatus(page, 'paused');

    await page.getByTestId('resume-run').click();
    await waitForStepStatus(page, 'three', 'succeeded');
    await waitForRunStatus(page, 'completed');
    expect(await page.getByTestId('pause-run').isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('cancel aborts the running step at once and ends the run cancelled', async () => {
    const { planId, workspaceId } = await createPlan(client, 'A long wait', {
      steps: [simStep('wait', [], { durationMs: 30_000 }), simStep('after', ['wait'])],
    });
    const run = await client.runs.start({ workspaceId, planId });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs/${run.id}`);
    await waitForStepStatus(page, 'wait', 'running');
    await saveScreenshot(page, 'run-view-running-en');
    const started = Date.now();
    await page.getByTestId('cancel-run').click();
    await waitForRunStatus(page, 'cancelled', 5000);
    expect(Date.now() - started).toBeLessThan(5000);
    await waitForStepStatus(page, 'wait', 'cancelled');
    expect(await page.getByTestId('cancel-run').isDisabled()).toBe(true);
    const detail = await waitForRunEnd(client, workspaceId, run.id);
    expect(detail.steps.map((step) => step.status)).toEqual(['cancelled', 'cancelled']);
    // The node says why, as the engine recorded it.
    expect(await page.getByTestId('run-node-wait').textContent()).toContain('The run was cancelled.');
    expect(errors).toEqual([]);
    await context.close();
  });
  it('zoomed far out, nodes are blocks of their status colour that follow the run (and a selection keeps its status)', async () => {
    const ids = Array.from({ length: 12 }, (_, index) => `s${index}`);
    const { planId, workspaceId } = await createPlan(client, 'Twelve in a row', {
      steps: ids.map((id, index) => simStep(id, index === 0 ? [] : [ids[index - 1] as string], { durationMs: index === 0 ? 1500 : 120 })),
    });
    const run = await client.runs.start({ workspaceId, planId });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs/${run.id}`);
    await page.getByTestId('run-node-s0').waitFor();
    // Zoom out until the canvas draws blocks.
    for (let step = 0; step < 12 && !(await page.locator('.run-flow.is-far').count()); step++) {
      await page.locator('.react-flow__controls-zoomout').click();
    }
    await page.locator('.run-flow.is-far').waitFor();
    expect(await page.getByTestId('run-node-s0').locator('.run-node-title').count()).toBe(0);
    // The links are one path now, one curve per link.
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
    expect(((await page.getByTestId('run-far-edges').locator('path').getAttribute('d')) ?? '').split('M').length - 1).toBe(11);
    // Select a block while the run goes on: its class keeps the status it shows.
    await page.getByTestId('run-node-s3').click({ force: true });
    await waitForRunStatus(page, 'completed');
    for (const id of ids) {
      await expect.poll(() => stepStatus(page, id)).toBe('succeeded');
      expect(await page.getByTestId(`run-node-${id}`).getAttribute('class')).toContain('status-succeeded');
    }
    expect(await page.getByTestId('run-node-s3').getAttribute('class')).toContain('is-selected');
    expect(await page.getByTestId('run-node-s3').getAttribute('class')).not.toContain('status-pending');
    // Back close up, the same statuses in words.
    for (let step = 0; step < 12 && (await page.locator('.run-flow.is-far').count()); step++) {
      await page.locator('.react-flow__controls-zoomin').click();
    }
    await page.locator('.run-flow:not(.is-far)').waitFor();
    expect(await page.getByTestId('step-status-s11').textContent()).toBe('Succeeded');
    expect(await page.getByTestId('run-far-edges').count()).toBe(0);
    expect(await page.locator('.react-flow__edge').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
