import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitHash } from '../../engine/agents/builtin/sim';
import type { TizmorClient } from '../../engine/api';
import { openPage, pickOption } from './helpers/browser';
import type { RunningHost } from './helpers/host';
import { createPlan, simStep, stepStatus, waitForRunEnd, waitForRunStatus, waitForStepStatus } from './helpers/runs';
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

/** Clicks the time scrubber at a fraction of the run's length (0 = start), whichever way the page reads. */
async function scrubTo(page: Page, fraction: number): Promise<void> {
  const box = await page.getByTestId('time-scrubber').boundingBox();
  if (!box) throw new Error('no time scrubber');
  const rtl = (await page.locator('html').getAttribute('dir')) === 'rtl';
  const along = rtl ? 1 - fraction : fraction;
  await page.mouse.click(box.x + box.width * along, box.y + box.height / 2);
}

describe('run history', () => {
  it('lists runs with filters, opens a finished run from its stored log and replays it with the time scrubber', async () => {
    const chain = await createPlan(client, 'Nightly chain', {
      steps: [simStep('a', [], { durationMs: 300 }), simStep('b', ['a'], { durationMs: 300 }), simStep('c', ['b'], { durationMs: 300 })],
    });
    const broken = await createPlan(client, 'Always breaks', {
      steps: [simStep('boom', [], { durationMs: 10, failRate: 1 }, { retry: { maxAttempts: 1 } })],
    });
    const good = await client.runs.start({ workspaceId: chain.workspaceId, planId: chain.planId });
    const bad = await client.runs.start({ workspaceId: broken.workspaceId, planId: broken.planId });
    await waitForRunEnd(client, chain.workspaceId, good.id);
    await waitForRunEnd(client, broken.workspaceId, bad.id);

    const { page, context, errors } = await openPage(browser, `${host.url}#/runs`);
    await page.getByTestId('runs-list').waitFor();
    await page.getByTestId(`run-item-${good.id}`).waitFor();
    expect(await page.getByTestId(`run-item-${bad.id}`).getAttribute('data-status')).toBe('failed');
    await pickOption(page, 'runs-filter-status', 'Failed');
    await expect.poll(() => page.locator('[data-testid^="run-item-"]').count()).toBe(1);
    await page.getByTestId(`run-item-${bad.id}`).waitFor();
    await pickOption(page, 'runs-filter-status', 'Any status');
    await saveScreenshot(page, 'runs-page-en');
    await pickOption(page, 'runs-filter-plan', 'Nightly chain');
    await expect.poll(() => page.locator('[data-testid^="run-item-"]').count()).toBe(1);
    await page.getByTestId(`run-item-${good.id}`).click();

    // The finished run as it ended, then back in time.
    await waitForRunStatus(page, 'completed');
    await page.getByTestId('time-scrubber').waitFor();
    for (const id of ['a', 'b', 'c']) expect(await stepStatus(page, id)).toBe('succeeded');
    await scrubTo(page, 0);
    await expect.poll(() => stepStatus(page, 'a')).toMatch(/pending|ready|running/);
    expect(await stepStatus(page, 'c')).toBe('pending');
    expect(await page.getByTestId('run-progress-text').textContent()).toBe('0/3 steps, 0%');
    await scrubTo(page, 0.5);
    await expect.poll(() => stepStatus(page, 'a')).toBe('succeeded');
    expect(await stepStatus(page, 'c')).toMatch(/pending|ready/);
    expect(await stepStatus(page, 'b')).toMatch(/ready|running|succeeded/);
    await saveScreenshot(page, 'run-view-scrubbed-en');
    // Keys move it too; "Latest" comes back to the end.
    await page.getByTestId('time-scrubber').getByRole('slider').press('End');
    await expect.poll(() => stepStatus(page, 'c')).toBe('succeeded');
    await scrubTo(page, 0.1);
    await page.getByTestId('scrubber-latest').click();
    await expect.poll(() => stepStatus(page, 'c')).toBe('succeeded');
    expect(await page.getByTestId('scrubber-latest').isDisabled()).toBe(true);

    // Tabs: metrics and trace of the stored run.
    await page.getByTestId('tab-metrics').click();
    await page.getByTestId('gantt-row-c').waitFor();
    expect(await page.getByTestId('metrics-totals').textContent()).toContain('3/3 ok');
    await saveScreenshot(page, 'run-view-metrics-en');
    await page.getByTestId('tab-trace').click();
    await page.getByTestId('span-step:b:1').waitFor();
    await page.getByTestId('run-node-b').click();
    await expect.poll(() => page.locator('[data-testid^="span-step:"]').count()).toBe(2);
    await saveScreenshot(page, 'run-view-history-en');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reruns from a step: says how many steps re-run and how many reuse stored results, then runs only those', async () => {
    const { planId, workspaceId } = await createPlan(client, 'Rerun me', {
      steps: [simStep('load', [], { durationMs: 50 }), simStep('clean', ['load'], { durationMs: 50 }), simStep('report', ['clean'], { durationMs: 50 }), simStep('extra', ['load'], { durationMs: 50 })],
    });
    const run = await client.runs.start({ workspaceId, planId });
    await waitForRunEnd(client, workspaceId, run.id);
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs/${run.id}`);
    await waitForRunStatus(page, 'completed');
    await page.getByTestId('run-node-clean').click();
    await page.getByTestId('rerun-from-step').click();
    const summary = page.getByTestId('rerun-summary');
    await summary.waitFor();
    expect(await summary.getAttribute('data-rerun')).toBe('2');
    expect(await summary.getAttribute('data-reused')).toBe('2');
    expect(await summary.textContent()).toBe('2 steps will re-run, 2 reuse stored results.');
    await page.getByTestId('rerun-confirm').click();

    // The new run opens and runs only `clean` and `report`.
    await page.locator(`[data-testid="run-view"][data-run-id]:not([data-run-id="${run.id}"])`).waitFor();
    await waitForRunStatus(page, 'completed');
    const rerunId = (await page.getByTestId('run-view').getAttribute('data-run-id')) as string;
    const detail = await client.runs.get({ workspaceId, runId: rerunId });
    expect(detail.run.trigger).toBe('rerun');
    const events = await client.runs.events({ workspaceId, runId: rerunId });
    const ran = new Set(events.filter((event) => event.type === 'step.status' && (event.payload as { status: string }).status === 'running').map((event) => event.stepId));
    expect([...ran].sort()).toEqual(['clean', 'report']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('retries a failed step; the steps it skipped run after it', async () => {
    // A seed whose first attempt fails and second succeeds, at a 50% failure rate.
    let seed = 0;
    while (!(unitHash(`s${seed}:1:flaky`) < 0.5 && unitHash(`s${seed}:2:flaky`) >= 0.5)) seed += 1;
    const { planId, workspaceId } = await createPlan(client, 'Flaky once', {
      steps: [simStep('flaky', [], { durationMs: 20, failRate: 0.5, seed: `s${seed}` }, { retry: { maxAttempts: 1 } }), simStep('then', ['flaky'], { durationMs: 20 })],
    });
    const run = await client.runs.start({ workspaceId, planId });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs/${run.id}`);
    await waitForRunStatus(page, 'failed');
    await waitForStepStatus(page, 'then', 'skipped');
    expect(await page.getByTestId('run-node-flaky').textContent()).toContain('Simulated failure on attempt 1');
    await page.getByTestId('run-node-flaky').click();
    expect(await page.getByTestId('step-error').textContent()).toContain('Simulated failure on attempt 1');
    await page.getByTestId('retry-step').click();
    await waitForStepStatus(page, 'flaky', 'succeeded');
    await waitForStepStatus(page, 'then', 'succeeded');
    await waitForRunStatus(page, 'completed');
    expect(await page.getByTestId('run-node-flaky').textContent()).toContain('attempt 2');
    expect(errors).toEqual([]);
    await context.close();
  });
});
