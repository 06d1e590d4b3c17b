import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickEdge, connectSteps, dragStep, edgesOnCanvas, launchBrowser, openPage, stepIdsOnCanvas, topOf } from './helpers/browser';
import { makeDataDir, removeDataDir, startHost, type RunningHost } from './helpers/host';

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

async function addStep(page: Page, expectedId: string, title: string, agent?: string): Promise<void> {
  await page.getByTestId('add-step').click();
  await expect.poll(() => page.getByTestId('step-form-id').inputValue()).toBe(expectedId);
  await page.getByTestId('step-form-title').fill(title);
  if (agent) await page.getByTestId('step-form-agent').fill(agent);
  await page.getByTestId('step-form-create').click();
  await page.getByTestId(`step-node-${expectedId}`).waitFor();
  await page.getByTestId('step-form-title').waitFor({ state: 'detached' });
}

/** The plan's id, from the address of the open plan page. */
function planIdOf(page: Page): string {
  const match = /#\/plans\/([^/]+)$/.exec(page.url());
  if (!match?.[1]) throw new Error(`not on a plan page: ${page.url()}`);
  return decodeURIComponent(match[1]);
}

describe('editing a plan in the browser', () => {
  it('creates a plan, builds a 3-step chain, saves a version, and keeps it across a reload and a host restart', async () => {
    const { page, context, errors } = await openPage(browser, host.url);

    await page.getByTestId('new-plan').click();
    await page.getByTestId('new-plan-title').fill('Weekly report');
    await page.getByTestId('new-plan-create').click();
    await expect.poll(() => page.getByTestId('plan-title').textContent()).toBe('Weekly report');
    await page.getByTestId('canvas-empty').waitFor();
    const planId = planIdOf(page);

    await addStep(page, 'step-1', 'Gather notes', 'files.search');
    await addStep(page, 'step-2', 'Draft the report');
    await addStep(page, 'step-3', 'Send to the team', 'notify.desktop');
    expect(await stepIdsOnCanvas(page)).toEqual(['step-1', 'step-2', 'step-3']);
    await expect.poll(() => page.getByTestId('step-node-step-2').getByTestId('step-agent').textContent()).toBe('llm.generate');
    await page.getByTestId('unsaved-indicator').waitFor();

    await connectSteps(page, 'step-1', 'step-2');
    await connectSteps(page, 'step-2', 'step-3');
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['step-1->step-2', 'step-2->step-3']);

    // A connection that would close a loop is refused, visibly.
    await connectSteps(page, 'step-3', 'step-1');
    await page.getByTestId('canvas-message').waitFor();
    expect(await page.getByTestId('canvas-message').textContent()).toContain('loop');
    expect(await edgesOnCanvas(page)).toEqual(['step-1->step-2', 'step-2->step-3']);

    // The inspector edits the selected step; bad JSON is flagged at the field and not kept.
    await page.getByTestId('step-node-step-2').click();
    await page.getByTestId('inspector-title').fill('Draft the weekly report');
    await expect.poll(() => page.getByTestId('step-node-step-2').getByTestId('step-title').textContent()).toBe(
      'Draft the weekly report',
    );
    // llm.generate has a schema, so the inspector opens its form; the raw JSON mode is one click away.
    await page.getByTestId('inspector-mode-json').click();
    await page.getByTestId('inspector-input').fill('{"tone": ');
    await page.getByText('This is not valid JSON', { exact: false }).waitFor();
    await page.getByTestId('inspector-input').fill('{"tone": "short"}');
    await expect.poll(() => page.getByText('This is not valid JSON', { exact: false }).count()).toBe(0);

    // Dragging a step moves it; the new place is part of the plan.
    const rowTop = await topOf(page, 'step-node-step-2');
    await dragStep(page, 'step-3', { x: 0, y: 160 });
    await expect.poll(async () => (await topOf(page, 'step-node-step-3')) - rowTop).toBeGreaterThan(100);

    // Saving needs a message.
    expect(await page.getByTestId('save-version').isDisabled()).toBe(true);
    await page.getByTestId('version-message').fill('Three steps in a row');
    expect(await page.getByTestId('save-version').isDisabled()).toBe(false);
    await page.getByTestId('save-version').click();
    await page.getByTestId('saved-indicator').waitFor();
    expect(await page.getByTestId('unsaved-indicator').count()).toBe(0);
    await expect.poll(() => page.getByTestId('version-item-2').textContent()).toContain('Three steps in a row');
    // The box is emptied once the save has answered, which may be a moment after the list shows the version.
    await expect.poll(() => page.getByTestId('version-message').inputValue()).toBe('');

    // A reload shows the saved graph and history.
    await page.reload();
    await page.getByTestId('step-node-step-3').waitFor();
    expect(await stepIdsOnCanvas(page)).toEqual(['step-1', 'step-2', 'step-3']);
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['step-1->step-2', 'step-2->step-3']);
    expect(await page.getByTestId('step-node-step-2').getByTestId('step-title').textContent()).toBe('Draft the weekly report');
    expect((await topOf(page, 'step-node-step-3')) - (await topOf(page, 'step-node-step-2'))).toBeGreaterThan(60);
    expect(await page.getByTestId('version-item-2').textContent()).toContain('Three steps in a row');
    expect(await page.getByTestId('version-item-1').isVisible()).toBe(true);
    await page.getByTestId('saved-indicator').waitFor();

    // Viewing version 1 shows the empty first version; restoring it makes version 3.
    await page.getByTestId('version-item-1').click();
    await page.getByTestId('viewing-bar').waitFor();
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual([]);
    await page.getByTestId('stop-viewing').click();
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['step-1', 'step-2', 'step-3']);
    expect(errors).toEqual([]);
    await context.close();

    // The same data folder under a new host process still holds the plan.
    await host.stop();
    host = await startHost(dataDir);
    const again = await openPage(browser, `${host.url}#/plans/${planId}`);
    await again.page.getByTestId('step-node-step-1').waitFor();
    expect(await stepIdsOnCanvas(again.page)).toEqual(['step-1', 'step-2', 'step-3']);
    await expect.poll(() => edgesOnCanvas(again.page)).toEqual(['step-1->step-2', 'step-2->step-3']);
    expect(await again.page.getByTestId('version-item-2').textContent()).toContain('Three steps in a row');
    await again.page.getByTestId('nav-plans').click();
    await expect.poll(() => again.page.getByTestId(`plan-item-${planId}`).textContent()).toContain('3 steps');
    expect(await again.page.getByTestId(`plan-item-${planId}`).textContent()).toContain('v2');
    expect(again.errors).toEqual([]);
    await again.context.close();
  });

  it('deletes a step with the keyboard, restores a version, exports, imports and deletes a plan', async () => {
    const { page, context } = await openPage(browser, host.url);
    await page.getByTestId('new-plan').click();
    await page.getByTestId('new-plan-title').fill('Scratch');
    await page.getByTestId('new-plan-create').click();
    await page.getByTestId('canvas-empty').waitFor();
    await addStep(page, 'step-1', 'First');
    await addStep(page, 'step-2', 'Second');
    await connectSteps(page, 'step-1', 'step-2');
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['step-1->step-2']);
    await page.getByTestId('version-message').fill('Two steps');
    await page.getByTestId('save-version').click();
    await page.getByTestId('version-item-2').waitFor();

    // Select an edge and press Delete: the dependency goes.
    await clickEdge(page, 'step-1', 'step-2');
    await expect.poll(() => page.locator('.react-flow__edge.selected').count()).toBe(1);
    await page.keyboard.press('Delete');
    await expect.poll(() => edgesOnCanvas(page)).toEqual([]);
    await page.getByTestId('unsaved-indicator').waitFor();
    // Select a step and press Backspace: the step goes.
    await page.getByTestId('step-node-step-1').click();
    await page.keyboard.press('Backspace');
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['step-2']);
    await page.getByTestId('version-message').fill('Only the second');
    await page.getByTestId('save-version').click();
    await page.getByTestId('version-item-3').waitFor();

    await page.getByTestId('version-item-2').click();
    await page.getByTestId('restore-version').click();
    await page.getByTestId('version-item-4').waitFor();
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['step-1', 'step-2']);
    expect(await edgesOnCanvas(page)).toEqual(['step-1->step-2']);
    expect(await page.getByTestId('viewing-bar').count()).toBe(0);
    expect(await page.getByTestId('plan-head-version').textContent()).toContain('4');

    // Export writes a plan file; importing it makes a new plan with the same steps.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plan').click()]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as { title: string; steps: { id: string }[] };
    expect(file.title).toBe('Scratch');
    expect(file.steps.map((step) => step.id)).toEqual(['step-1', 'step-2']);
    const scratchId = planIdOf(page);
    await page.getByTestId('nav-plans').click();
    await page.getByTestId('import-plan-file').setInputFiles({
      name: 'imported.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...file, title: 'Imported scratch' })),
    });
    await expect.poll(() => page.getByTestId('plan-title').textContent()).toBe('Imported scratch');
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['step-1', 'step-2']);
    expect(await edgesOnCanvas(page)).toEqual(['step-1->step-2']);
    expect(planIdOf(page)).not.toBe(scratchId);

    // Delete asks first, then the plan is gone from the list.
    await page.getByTestId('nav-plans').click();
    await page.getByTestId(`plan-delete-${scratchId}`).click();
    await page.getByTestId('plan-delete-confirm').click();
    await expect.poll(() => page.getByTestId(`plan-item-${scratchId}`).count()).toBe(0);
    expect(await page.getByText('Imported scratch').count()).toBe(1);
    await context.close();
  });
});
