import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TizmorClient } from '../../engine/api';
import { openPage } from './helpers/browser';
import type { RunningHost } from './helpers/host';
import { createPlan, waitForRunEnd, waitForRunStatus } from './helpers/runs';
import { saveScreenshot } from './helpers/screenshots';
import { startBrowserSuite, type BrowserSuite } from './helpers/suite';

/*
 * The issue's own example, end to end in Chromium against the real host: read clients.txt → draft a
 * report for each client (a map step whose node counts up) → write each report (a map step whose items
 * ask for approval; one is left unselected) → sum them up. The summary sees every report but the rejected one.
 */

let browser: Browser;
let host: RunningHost;
let dataDir: string;
let client: TizmorClient;
let suite: BrowserSuite | undefined;

beforeAll(async () => {
  suite = await startBrowserSuite();
  ({ browser, host, dataDir, client } = suite);
});

afterAll(() => suite?.stop());

describe('map steps in the browser', () => {
  it('reads clients.txt, drafts and writes a report for each client, and sums up the ones a person approved', async () => {
    const clients = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark'];
    const inbox = join(dataDir, 'inbox');
    const output = join(dataDir, 'reports-out');
    mkdirSync(inbox, { recursive: true });
    writeFileSync(join(inbox, 'clients.txt'), `${clients.join('\n')}\n\n`);
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    await client.settings.set({ workspaceId, key: 'files.readFolders', value: [inbox] });
    await client.settings.set({ workspaceId, key: 'files.outputDir', value: output });

    const { planId } = await createPlan(client, 'A report for each client', {
      steps: [
        { id: 'read', title: 'Read clients.txt', agent: 'files.read', input: { path: 'clients.txt' }, dependsOn: [] },
        {
          id: 'draft',
          title: 'Draft a report for each client',
          agent: 'sim',
          input: { durationMs: 300, output: { name: '{{item}}', text: 'Report {{index}} for {{item}}' } },
          dependsOn: ['read'],
          forEach: '{{steps.read.output.lines}}',
          concurrency: 2,
        },
        {
          id: 'save',
          title: 'Write each report',
          agent: 'files.write',
          input: { path: 'reports/{{item.name}}.md', content: '{{item.text}}' },
          dependsOn: ['draft'],
          forEach: '{{steps.draft.output}}',
          onItemError: 'collect',
        },
        { id: 'summary', title: 'Sum them up', agent: 'template', input: { template: 'Written: {{steps.save.output}}' }, dependsOn: ['save'] },
      ],
    });

    const { page, context, errors } = await openPage(browser, `${host.url}#/plans/${planId}`);
    await page.getByTestId('page-plan').waitFor();
    const run = await client.runs.start({ workspaceId, planId });
    // Held until the page shows the run, so the drafts (under a second in all) count up in front of it on any machine.
    await client.runs.pause({ workspaceId, runId: run.id });
    await page.evaluate((hash) => (window.location.hash = hash), `#/runs/${run.id}`);
    const draftNode = page.getByTestId('run-node-draft');
    await draftNode.waitFor();

    // The draft node is one node (no item nodes) and its progress counts up, frame by frame.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { mapDone: number[] }).mapDone = seen;
      const sample = () => {
        const progress = document.querySelector('[data-testid="run-node-draft"] [data-testid="map-progress"]');
        const done = Number(progress?.getAttribute('data-done') ?? -1);
        if (progress && seen.at(-1) !== done) seen.push(done);
        requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });
    await client.runs.resume({ workspaceId, runId: run.id });
    await page.locator('[data-testid="run-node-draft"] [data-testid="map-progress"][data-total="6"]').waitFor();
    await draftNode.locator('[data-testid="map-progress-bar"]').waitFor();
    await saveScreenshot(page, 'map-run-node-counting-en');
    expect(await page.locator('[data-testid^="run-node-draft["]').count()).toBe(0);

    // The write items ask together: leave Initech unselected and approve the rest.
    const dialog = page.getByTestId('map-approval-dialog');
    await dialog.waitFor({ timeout: 20_000 });
    await expect.poll(() => dialog.getAttribute('data-count')).toBe('6');
    const seen = await page.evaluate(() => (window as unknown as { mapDone: number[] }).mapDone);
    expect(seen.at(-1)).toBe(6);
    // Counted up through several values, never down.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every((value, index) => index === 0 || value > (seen[index - 1] as number))).toBe(true);
    expect(await page.locator('[data-testid="run-node-draft"] [data-testid="map-progress"]').textContent()).toMatch(/6\/6/);

    await page.getByTestId('map-approval-item-2').click();
    expect(await page.getByTestId('map-selected-count').textContent()).toBe('5 of 6 selected');
    await page.getByTestId('map-approve-selected').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForRunStatus(page, 'completed', 20_000);

    // The write node shows 5 done and 1 failed; its drill-in list has every item.
    const saveProgress = page.locator('[data-testid="run-node-save"] [data-testid="map-progress"]');
    await expect.poll(() => saveProgress.getAttribute('data-failed')).toBe('1');
    expect(await saveProgress.textContent()).toBe('6/6 done, 1 failed');
    await page.getByTestId('run-node-save').click();
    await page.getByTestId('map-items').waitFor();
    await page.getByTestId('map-item-5').waitFor();
    expect(await page.getByTestId('map-item-2').getAttribute('data-status')).toBe('failed');
    expect(await page.getByTestId('map-item-0').getAttribute('data-status')).toBe('succeeded');
    await page.getByTestId('map-item-0').click();
    await page.getByTestId('map-item-detail').waitFor();
    expect(await page.getByTestId('map-item-output').textContent()).toContain('Acme.md');
    await saveScreenshot(page, 'map-run-items-en');

    // The files: five reports written, none for Initech; the summary saw the five and the marked failure.
    const detail = await waitForRunEnd(client, workspaceId, run.id);
    expect(detail.run.status).toBe('completed');
    for (const [index, name] of clients.entries()) {
      const file = join(output, 'reports', `${name}.md`);
      if (index === 2) expect(existsSync(file)).toBe(false);
      else expect(readFileSync(file, 'utf8')).toBe(`Report ${index} for ${name}`);
    }
    const summary = (detail.steps.find((step) => step.stepId === 'summary')?.output as { text: string }).text;
    const written = JSON.parse(summary.slice('Written: '.length)) as Record<string, unknown>[];
    expect(written).toHaveLength(6);
    expect(written[2]).toMatchObject({ failed: true, index: 2 });
    expect(written.filter((entry) => typeof entry.path === 'string')).toHaveLength(5);
    expect(errors).toEqual([]);
    await context.close();
  });
});
