import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepInput, TizmorClient } from '../../engine/api';
import { openPage } from './helpers/browser';
import type { RunningHost } from './helpers/host';
import { createPlan, waitForRunEnd, waitForRunStatus } from './helpers/runs';
import { saveScreenshot, screenshotDir } from './helpers/screenshots';
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

const clients = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne', 'Soylent', 'Oscorp'];

/** A list of 12 clients, a map step writing a report per client (item 4 fails, failures collected), and a summary. */
function reportPlan(titles: { list: string; map: string; summary: string }, itemMs = 700): StepInput[] {
  return [
    {
      id: 'clients',
      title: titles.list,
      agent: 'sim',
      input: { durationMs: 300, output: clients.map((name, index) => ({ name, fail: index === 4 ? 1 : 0 })) },
      dependsOn: [],
    },
    {
      id: 'report',
      title: titles.map,
      agent: 'sim',
      dependsOn: ['clients'],
      forEach: '{{steps.clients.output}}',
      concurrency: 3,
      onItemError: 'collect',
      retry: { maxAttempts: 1 },
      input: { durationMs: itemMs, failRate: '{{item.fail}}', seed: 'map', output: { client: '{{item.name}}', index: '{{index}}' } },
    },
    { id: 'summary', title: titles.summary, agent: 'sim', input: { durationMs: 200 }, dependsOn: ['report'] },
  ];
}

/** A close-up of one element with some room around it, for a person to look at. */
async function saveCloseUp(page: Page, element: Locator, name: string): Promise<void> {
  const box = await element.boundingBox();
  if (!box) throw new Error(`${name}: the element is not on screen`);
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), clip: { x: box.x - 30, y: box.y - 30, width: box.width + 60, height: box.height + 60 } });
}

/** The map node's progress as its data attributes say. */
async function progressOf(page: Page): Promise<{ done: number; total: number; failed: number; text: string }> {
  const progress = page.getByTestId('run-node-report').getByTestId('map-progress');
  return {
    done: Number(await progress.getAttribute('data-done')),
    total: Number(await progress.getAttribute('data-total')),
    failed: Number(await progress.getAttribute('data-failed')),
    text: (await progress.textContent()) ?? '',
  };
}

describe('map steps in the run view', () => {
  it('draws a map step as one stacked node with its items\' progress, and lists the items in the step panel', async () => {
    const { planId, workspaceId } = await createPlan(client, 'Client reports', {
      steps: reportPlan({ list: 'List the clients', map: 'Write a report per client', summary: 'Sum up' }),
    });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs`);
    await page.getByTestId('page-runs').waitFor();
    const run = await client.runs.start({ workspaceId, planId });
    await page.evaluate((runId) => (window.location.hash = `#/runs/${runId}`), run.id);
    await page.getByTestId('run-node-report').waitFor();

    // While the items run: the count moves and a thin bar shows it; the node stays one node.
    await expect.poll(async () => (await progressOf(page)).done, { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    const midway = await progressOf(page);
    expect(midway.total).toBe(12);
    expect(midway.done).toBeLessThan(12);
    expect(midway.text).toMatch(/^\d+\/12 done/);
    expect(await page.getByTestId('run-node-report').getByTestId('map-progress-bar').isVisible()).toBe(true);
    expect(await page.locator('.run-node').count()).toBe(3);
    expect(await page.locator('[data-testid^="run-node-report["]').count()).toBe(0);
    // The stack: two cards behind the node.
    expect(await page.locator('[data-map-step="report"] .run-map-shadow').count()).toBe(2);

    // The items, in the step panel.
    await page.getByTestId('run-node-report').click();
    await page.getByTestId('map-items').waitFor();
    await page.getByTestId('map-item-0').waitFor();
    await saveScreenshot(page, 'run-map-running-en');
    await saveCloseUp(page, page.locator('[data-map-step="report"]'), 'run-map-node-running-en');

    await waitForRunStatus(page, 'completed', 30_000);
    await expect.poll(() => progressOf(page)).toEqual({ done: 12, total: 12, failed: 1, text: '12/12 done, 1 failed' });
    expect(await page.getByTestId('step-status-report').getAttribute('data-status')).toBe('succeeded');
    expect(await page.getByTestId('run-node-report').getByTestId('map-progress-bar').count()).toBe(0);
    // The toolbar counts the plan's three steps, not the items.
    expect(await page.getByTestId('run-progress').getAttribute('data-total')).toBe('3');

    await expect.poll(() => page.getByTestId('map-item-4').getAttribute('data-status')).toBe('failed');
    expect(await page.getByTestId('map-item-4').textContent()).toContain('Simulated failure');
    expect(await page.getByTestId('map-item-11').getAttribute('data-status')).toBe('succeeded');
    // Outputs come with the stored records once the run has ended.
    await expect.poll(() => page.getByTestId('map-item-2').textContent()).toContain('"client":"Initech"');
    await page.getByTestId('map-item-2').click();
    expect(await page.getByTestId('map-item-detail').getAttribute('data-index')).toBe('2');
    expect(await page.getByTestId('map-item-output').textContent()).toContain('"client": "Initech"');

    // "Failed" keeps only the failed item.
    await page.getByTestId('map-items-filter').getByText('Failed (1)').click();
    await expect.poll(() => page.locator('[data-testid^="map-item-"][data-status]').count()).toBe(1);
    expect(await page.getByTestId('map-item-4').isVisible()).toBe(true);
    await page.getByTestId('map-items-filter').getByText('All (12)').click();
    await saveScreenshot(page, 'run-map-done-en');

    // The metrics timeline has a row for the map step, none for its items; the trace sums them up in a line.
    await page.getByTestId('tab-metrics').click();
    await page.getByTestId('gantt-row-report').waitFor();
    expect(await page.locator('[data-testid^="gantt-row-report["]').count()).toBe(0);
    await page.getByTestId('tab-trace').click();
    await expect.poll(() => page.getByTestId('trace-items-report').textContent()).toBe('12 items (listed in the step panel)');
    await page.getByTestId('tab-logs').click();

    // The step filter of the logs lists plan steps only.
    await page.getByTestId('logs-step-filter').click();
    const options = await page.getByRole('option').allTextContents();
    expect(options.some((option) => option.includes('['))).toBe(false);
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows the map node and its items right to left in Hebrew', async () => {
    const { planId, workspaceId } = await createPlan(client, 'דוחות ללקוחות', {
      steps: reportPlan({ list: 'רשימת הלקוחות', map: 'דוח לכל לקוח', summary: 'סיכום' }, 900),
    });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs`);
    await page.evaluate(() => localStorage.setItem('tizmor.language', 'he'));
    await page.reload();
    await page.getByTestId('page-runs').waitFor();
    const run = await client.runs.start({ workspaceId, planId });
    await page.evaluate((runId) => (window.location.hash = `#/runs/${runId}`), run.id);
    await page.getByTestId('run-node-report').waitFor();
    await expect.poll(async () => (await progressOf(page)).done, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    expect((await progressOf(page)).text).toMatch(/^\d+\/12 הושלמו/);
    await page.getByTestId('run-node-report').click();
    await page.getByTestId('map-item-0').waitFor();
    // Right to left: the list comes after the map node in reading order, so it is drawn to its left.
    const listBox = await page.getByTestId('map-items-list').boundingBox();
    const nodeBox = await page.getByTestId('run-node-report').boundingBox();
    expect(listBox && nodeBox && listBox.x + listBox.width <= nodeBox.x).toBe(true);
    // A row reads from the right: its index is at its right end.
    const row = await page.getByTestId('map-item-0').boundingBox();
    const index = await page.getByTestId('map-item-0').locator('.map-item-index').boundingBox();
    expect(row && index && index.x > row.x + row.width / 2).toBe(true);
    await saveScreenshot(page, 'run-map-running-he');
    await saveCloseUp(page, page.locator('[data-map-step="report"]'), 'run-map-node-running-he');
    await waitForRunStatus(page, 'completed', 30_000);
    await expect.poll(async () => (await progressOf(page)).text).toBe('12/12 הושלמו, 1 נכשל');
    expect(await page.getByTestId('map-items-filter').textContent()).toContain('נכשלו (1)');
    await saveScreenshot(page, 'run-map-done-he');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('keeps the page responsive with 10,000 items: the list draws only the rows in view', async () => {
    const { planId, workspaceId } = await createPlan(client, 'Ten thousand items', {
      steps: [
        { id: 'numbers', title: 'Numbers', agent: 'sim', input: { output: Array.from({ length: 10_000 }, (_, index) => index) }, dependsOn: [] },
        {
          id: 'square',
          title: 'Square each',
          agent: 'sim',
          dependsOn: ['numbers'],
          forEach: '{{steps.numbers.output}}',
          maxItems: 10_000,
          concurrency: 64,
          input: { output: { n: '{{item}}' } },
        },
      ],
    });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs`);
    await page.getByTestId('page-runs').waitFor();
    // The longest gap between two frames while the items run: a frozen page would show it.
    await page.evaluate(() => {
      const state = { last: performance.now(), longest: 0 };
      (window as unknown as { frames: typeof state }).frames = state;
      const tick = () => {
        const now = performance.now();
        state.longest = Math.max(state.longest, now - state.last);
        state.last = now;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const run = await client.runs.start({ workspaceId, planId, options: { concurrency: 64 } });
    await page.evaluate((runId) => (window.location.hash = `#/runs/${runId}`), run.id);
    await page.getByTestId('run-node-square').waitFor();
    await page.getByTestId('run-node-square').click();
    await waitForRunEnd(client, workspaceId, run.id, 120_000);
    await waitForRunStatus(page, 'completed', 30_000);
    await expect.poll(() => progressOf2(page, 'square')).toBe('10000/10000');
    expect(await page.getByTestId('run-node-square').getByTestId('map-progress').textContent()).toBe('10,000/10,000 done');
    const list = page.getByTestId('map-items-list');
    await page.getByTestId('map-item-0').waitFor();
    expect(await page.locator('[data-testid^="map-item-"][data-status]').count()).toBeLessThan(40);
    await list.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await page.getByTestId('map-item-9999').waitFor();
    expect(await page.getByTestId('map-item-9999').getAttribute('data-status')).toBe('succeeded');
    expect(await page.locator('[data-testid^="map-item-"][data-status]').count()).toBeLessThan(40);
    const longest = await page.evaluate(() => (window as unknown as { frames: { longest: number } }).frames.longest);
    console.log(`10,000 items: longest gap between frames ${longest.toFixed(0)} ms`);
    expect(longest).toBeLessThan(2000);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});

async function progressOf2(page: Page, stepId: string): Promise<string> {
  const progress = page.getByTestId(`run-node-${stepId}`).getByTestId('map-progress');
  return `${await progress.getAttribute('data-done')}/${await progress.getAttribute('data-total')}`;
}
