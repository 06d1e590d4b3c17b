import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragStep, edgesOnCanvas, launchBrowser, openPage, stepIdsOnCanvas } from './helpers/browser';
import { connectClient } from './helpers/contract';
import { addFromPalette, draftOnHost, pickSelect, saveVersion, valueOf } from './helpers/editor';
import { makeDataDir, removeDataDir, startHost, type RunningHost } from './helpers/host';
import { saveScreenshot } from './helpers/screenshots';

let browser: Browser;
let host: RunningHost;
let dataDir: string;

beforeAll(async () => {
  dataDir = makeDataDir();
  [browser, host] = await Promise.all([launchBrowser(), startHost(dataDir)]);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  removeDataDir(dataDir);
});

/** A three-step report plan, saved as version 1. */
async function seedReportPlan(title: string): Promise<string> {
  const { client, close } = await connectClient(host);
  try {
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const { plan } = await client.plans.create({
      workspaceId,
      title,
      message: 'First draft',
      graph: {
        steps: [
          { id: 'search', title: 'Find the notes', agent: 'files.search', input: { query: 'december' }, dependsOn: [] },
          { id: 'compose', title: 'Compose the report', agent: 'template', input: { template: '{{steps.search.output.text}}' }, dependsOn: ['search'] },
          { id: 'write', title: 'Write it down', agent: 'files.write', input: { path: 'r.md', content: '{{steps.compose.output.text}}' }, dependsOn: ['compose'] },
        ],
        layout: {},
      },
    });
    return plan.id;
  } finally {
    close();
  }
}

describe('versions of a plan', () => {
  it('saves two versions, compares them field by field on the canvas, restores, exports and re-imports', async () => {
    const planId = await seedReportPlan('Monthly report');
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans/${planId}`);
    await page.getByTestId('step-node-write').waitFor();
    await expect.poll(() => page.getByTestId('version-item-1').textContent()).toContain('First draft');

    // Version 2: the query changes, a step goes, a step comes, another one moves.
    await page.getByTestId('step-node-search').click();
    await page.getByTestId('input-field-query').fill('november');
    await page.getByTestId('step-node-write').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['search', 'compose']);
    await page.getByTestId('step-node-compose').click();
    await addFromPalette(page, 'wait', 'delay', 'delay');
    await page.getByTestId('input-field-ms').fill('1500');
    await dragStep(page, 'search', { x: 0, y: 120 });
    await page.getByTestId('unsaved-indicator').waitFor();
    await saveVersion(page, 'November, with a pause', 2);
    const row = (await page.getByTestId('version-item-2').textContent()) ?? '';
    expect(row).toContain('November, with a pause');
    expect(row).toContain('you');

    // Compare 1 → 2: the overlay on the canvas and the list, field by field.
    await pickSelect(page, 'compare-from', 'v1');
    await pickSelect(page, 'compare-to', 'v2');
    await page.getByTestId('compare-versions').click();
    await page.getByTestId('diff-summary').waitFor();
    const summary = (await page.getByTestId('diff-summary').textContent()) ?? '';
    expect(summary).toContain('input.query: "december" → "november"');
    expect(summary).toContain('Write it down');
    expect(await page.getByTestId('diff-item-delay').textContent()).toContain('added');
    expect(await page.getByTestId('diff-item-write').textContent()).toContain('removed');
    expect(await page.getByTestId('step-node-search').getAttribute('data-diff')).toBe('changed moved');
    expect(await page.getByTestId('step-node-delay').getAttribute('data-diff')).toBe('added');
    expect(await page.getByTestId('step-node-compose').getAttribute('data-diff')).toBeNull();
    await page.getByTestId('diff-ghost-write').waitFor();
    await expect.poll(() => edgesOnCanvas(page)).toContain('removed:compose->write');
    await page.getByTestId('step-node-search').click();
    await saveScreenshot(page, 'editor-diff-en');

    // Back to the working copy, then restore version 1 (a new version 3), undoable.
    await page.getByTestId('stop-viewing').click();
    await page.getByTestId('version-item-1').click();
    await page.getByTestId('restore-version').click();
    await page.getByTestId('version-item-3').waitFor();
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['search', 'compose', 'write']);
    expect(await page.getByTestId('plan-head-version').textContent()).toContain('3');
    await page.getByTestId('saved-indicator').waitFor();
    await page.getByTestId('undo').click();
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['search', 'compose', 'delay']);
    await page.getByTestId('unsaved-indicator').waitFor();
    await page.getByTestId('redo').click();
    await page.getByTestId('saved-indicator').waitFor();
    await page.getByTestId('step-node-search').click();
    await expect.poll(() => valueOf(page, 'input-field-query')).toBe('december');

    // Export the head and import it as a new plan.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plan').click()]);
    const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as { title: string; steps: { id: string }[] };
    expect(file.steps.map((step) => step.id)).toEqual(['search', 'compose', 'write']);
    await page.getByTestId('nav-plans').click();
    await page.getByTestId('import-plan-file').setInputFiles({
      name: 'report.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...file, title: 'Imported report' })),
    });
    await expect.poll(() => page.getByTestId('plan-title').textContent()).toBe('Imported report');
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['search', 'compose', 'write']);
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['compose->write', 'search->compose']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('takes in a version saved elsewhere (a replan) as one undoable step, with its author in the history', async () => {
    const planId = await seedReportPlan('Replanned');
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans/${planId}`);
    await page.getByTestId('step-node-write').waitFor();
    const { client, close } = await connectClient(host);
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const { version } = await client.plans.get({ workspaceId, planId });
    await client.plans.saveVersion({
      workspaceId,
      planId,
      author: 'replanner',
      message: 'Also wait a moment',
      graph: { ...version.graph, steps: [...version.graph.steps, { id: 'pause', title: 'Pause', agent: 'delay', input: { ms: 5 }, dependsOn: ['write'] }] },
    });
    close();
    await page.getByTestId('step-node-pause').waitFor();
    await expect.poll(() => page.getByTestId('version-item-2').textContent()).toContain('replanner');
    await page.getByTestId('saved-indicator').waitFor();
    await page.getByTestId('undo').click();
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['search', 'compose', 'write']);
    await page.getByTestId('unsaved-indicator').waitFor();
    await page.getByTestId('redo').click();
    await page.getByTestId('saved-indicator').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps unsaved changes as a draft that outlives a restart of the host, and can drop it', async () => {
    const planId = await seedReportPlan('Draft me');
    const first = await openPage(browser, `${host.url}#/plans/${planId}`);
    await first.page.getByTestId('step-node-compose').click();
    await first.page.getByTestId('inspector-title').fill('Compose the December report');
    await first.page.getByTestId('unsaved-indicator').waitFor();
    await expect.poll(() => draftOnHost(host, planId), { timeout: 5000 }).not.toBeNull();
    await first.context.close();

    await host.stop();
    host = await startHost(dataDir);
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans/${planId}`);
    await page.getByTestId('draft-restored').waitFor();
    await page.getByTestId('unsaved-indicator').waitFor();
    expect(await page.getByTestId('step-node-compose').getByTestId('step-title').textContent()).toBe('Compose the December report');

    // Dropping the draft is itself undoable; saving clears the draft on the host.
    await page.getByTestId('draft-discard').click();
    await page.getByTestId('saved-indicator').waitFor();
    expect(await page.getByTestId('step-node-compose').getByTestId('step-title').textContent()).toBe('Compose the report');
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('step-node-compose').getByTestId('step-title').textContent()).toBe('Compose the December report');
    await saveVersion(page, 'December title', 2);
    await expect.poll(() => draftOnHost(host, planId), { timeout: 5000 }).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });
});
