import { statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TizmorClient } from '../../engine/api';
import { launchBrowser, openPage, pickOption, stepIdsOnCanvas } from './helpers/browser';
import { connectClient } from './helpers/contract';
import { previewPhases, recordPreviewPhases } from './helpers/generation';
import { makeDataDir, removeDataDir, startHost, type RunningHost } from './helpers/host';
import { saveScreenshot } from './helpers/screenshots';
import { settle } from './helpers/settle';

/** Replanning from the plan page, with the offline planner (no model, no network). */
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

async function screenshot(page: Page, name: string): Promise<void> {
  await settle(page);
  const path = await saveScreenshot(page, name);
  expect(statSync(path).size).toBeGreaterThan(10_000);
}

async function withClient<T>(use: (client: TizmorClient, workspaceId: string) => Promise<T>): Promise<T> {
  const { client, close } = await connectClient(host);
  try {
    const { defaultWorkspaceId } = await client.system.status({});
    return await use(client, defaultWorkspaceId);
  } finally {
    close();
  }
}

/** A plan made by the planner from a request (version 1); returns its id. */
function seedGenerated(request: string): Promise<string> {
  return withClient(async (client, workspaceId) => (await client.plans.generate({ workspaceId, request })).plan.id);
}

function versionsOf(planId: string) {
  return withClient(async (client, workspaceId) =>
    (await client.plans.versions({ workspaceId, planId })).map((version) => ({ number: version.number, author: version.author, parentId: version.parentId, id: version.id, message: version.message })),
  );
}

async function replan(page: Page, instruction: string): Promise<void> {
  await page.getByTestId('replan-instruction').fill(instruction);
  await page.getByTestId('replan-submit').click();
}

describe('Replanning from the plan page', () => {
  it('"add an approval before sending" becomes version 2 by the replanner, streamed into the preview, with the notes on the plan', async () => {
    const planId = await seedGenerated('Fetch https://api.example.com/orders, summarize them and post the summary to https://hooks.example.com/in');
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans/${planId}`);
    await page.getByTestId('step-node-send').waitFor();
    expect(await page.getByTestId('step-node-send').getByTestId('step-approval').getAttribute('class')).toContain('approval-risk');
    expect(await page.getByTestId('replan-box').textContent()).toContain('from version 1');
    await screenshot(page, 'plan-replan-box-en');

    await recordPreviewPhases(page);
    await replan(page, 'add an approval before sending');
    const preview = page.getByTestId('generation-preview');
    await preview.waitFor();
    expect(await preview.getAttribute('data-kind')).toBe('replan');
    await expect.poll(() => previewPhases(page)).toContain('done:3');
    expect((await previewPhases(page)).some((entry) => entry.startsWith('partial:'))).toBe(true);
    await page.getByTestId('generation-warnings').waitFor();
    expect(await preview.textContent()).toContain('Version 2 is ready');
    expect(await page.getByTestId('generation-warnings').textContent()).toContain('Added an approval before: send');
    await page.getByTestId('generation-open').click();
    await expect.poll(() => preview.count()).toBe(0);

    // The editor works from the new head: the send step now always asks, nothing unsaved.
    await expect.poll(() => page.getByTestId('plan-head-version').textContent()).toBe('head v2');
    await expect.poll(() => page.getByTestId('step-node-send').getByTestId('step-approval').getAttribute('class')).toContain('approval-always');
    await page.getByTestId('saved-indicator').waitFor();
    await expect.poll(() => page.getByTestId('version-item-2').textContent()).toContain('replanner');
    // The planner's notes stay on the plan until closed.
    expect(await page.getByTestId('planner-notes').textContent()).toContain('Added an approval before: send (changed offline, no model used).');
    await expect.poll(() => page.getByTestId('replan-instruction').inputValue()).toBe('');
    await screenshot(page, 'plan-replanned-en');
    await page.getByTestId('planner-notes-dismiss').click();
    await expect.poll(() => page.getByTestId('planner-notes').count()).toBe(0);

    const versions = await versionsOf(planId);
    expect(versions.map((version) => [version.number, version.author])).toEqual([
      [2, 'replanner'],
      [1, 'planner'],
    ]);
    expect(versions[0]!.parentId).toBe(versions[1]!.id);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks about unsaved edits: cancel keeps them, "save first" saves them as a version and replans from it', async () => {
    const planId = await seedGenerated('Write a monthly report and save it to report.md');
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans/${planId}`);
    await page.getByTestId('step-node-write').click();
    await page.getByTestId('inspector-title').fill('Write the monthly report for the board');
    await page.getByTestId('unsaved-indicator').waitFor();

    await replan(page, 'do it for every client: Acme, Globex');
    await page.getByTestId('replan-unsaved').waitFor();
    await screenshot(page, 'plan-replan-unsaved-en');
    await page.getByTestId('replan-cancel').click();
    await expect.poll(() => page.getByTestId('replan-unsaved').count()).toBe(0);
    // Nothing happened: the edit is still there, unsaved, and the instruction is still in the box.
    await page.getByTestId('unsaved-indicator').waitFor();
    expect(await page.getByTestId('replan-instruction').inputValue()).toBe('do it for every client: Acme, Globex');
    expect((await versionsOf(planId)).length).toBe(1);

    await page.getByTestId('replan-submit').click();
    await page.getByTestId('replan-save-first').click();
    await page.getByTestId('generation-warnings').waitFor();
    await page.getByTestId('generation-open').click();
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(expect.arrayContaining(['write-acme', 'save-acme', 'write-globex', 'save-globex']));
    await expect.poll(() => page.getByTestId('plan-head-version').textContent()).toBe('head v3');
    await page.getByTestId('saved-indicator').waitFor();

    const versions = await versionsOf(planId);
    expect(versions.map((version) => [version.number, version.author])).toEqual([
      [3, 'replanner'],
      [2, 'user'],
      [1, 'planner'],
    ]);
    // The edit was kept as version 2, and the replan was made from it.
    expect(versions[1]!.message).toBe('Saved before replanning: do it for every client: Acme, Globex');
    expect(versions[0]!.parentId).toBe(versions[1]!.id);
    const saved = await withClient((client, workspaceId) => client.plans.get({ workspaceId, planId, version: 2 }));
    expect(saved.version.graph.steps.find((step) => step.id === 'write')?.title).toBe('Write the monthly report for the board');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('in Hebrew, right to left: a Hebrew instruction, edits set aside and brought back with undo', async () => {
    const planId = await seedGenerated('תוריד את https://api.example.com/orders, תסכם ותשלח את הסיכום ל-https://hooks.example.com/in');
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans/${planId}`);
    await pickOption(page, 'language-switch', 'עברית');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('replan-box').waitFor();
    expect(await page.getByTestId('replan-box').textContent()).toContain('שינוי התוכנית');
    const [first] = await stepIdsOnCanvas(page);
    expect(first).toBeDefined();
    await page.getByTestId(`step-node-${first}`).click();
    await page.getByTestId('inspector-title').fill('כותרת שלי');
    await page.getByTestId('unsaved-indicator').waitFor();

    const instruction = 'הוסף אישור לפני השליחה';
    await page.getByTestId('replan-instruction').fill(instruction);
    expect(await page.getByTestId('replan-instruction').evaluate((box) => getComputedStyle(box).direction)).toBe('rtl');
    await page.getByTestId('replan-submit').click();
    await page.getByTestId('replan-unsaved').waitFor();
    expect(await page.getByTestId('replan-unsaved').textContent()).toContain('שינויים שלא נשמרו');
    await page.getByTestId('replan-set-aside').click();

    await page.getByTestId('generation-warnings').waitFor();
    expect(await page.getByTestId('generation-warnings').textContent()).toContain('נוסף אישור ידני לפני');
    expect(await page.getByTestId('generation-preview').textContent()).toContain('גרסה 2 מוכנה');
    await page.getByTestId('generation-open').click();
    await expect.poll(() => page.getByTestId('version-item-2').textContent()).toContain('המתכנן מחדש');
    await page.getByTestId('saved-indicator').waitFor();
    expect(await page.getByTestId('planner-notes').textContent()).toContain('נוסף אישור ידני לפני');
    await screenshot(page, 'plan-replanned-he');

    // The edits were set aside, not lost: undo goes back through the replan to them.
    await page.getByTestId('undo').click();
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId(`step-node-${first}`).getByTestId('step-title').textContent()).toBe('כותרת שלי');
    await page.getByTestId('unsaved-indicator').waitFor();

    const versions = await versionsOf(planId);
    expect(versions.map((version) => [version.number, version.author])).toEqual([
      [2, 'replanner'],
      [1, 'planner'],
    ]);
    expect(versions[0]!.message).toMatch(/^תכנון מחדש: הוסף אישור לפני השליחה\./);
    expect(errors).toEqual([]);
    await context.close();
  });
});
