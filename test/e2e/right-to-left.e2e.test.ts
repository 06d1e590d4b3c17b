import { statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgesOnCanvas, launchBrowser, openPage, pickOption, stepIdsOnCanvas } from './helpers/browser';
import { seedThreeStepPlan } from './helpers/contract';
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

async function leftEdgeOf(page: Page, testId: string): Promise<number> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not on screen`);
  return box.x;
}

async function screenshot(page: Page, name: string): Promise<void> {
  const path = await saveScreenshot(page, name);
  expect(statSync(path).size).toBeGreaterThan(10_000);
}

describe('Hebrew, right to left', () => {
  it('switches the whole interface to Hebrew and draws the graph right to left', async () => {
    const planId = await seedThreeStepPlan(host, 'Weekly report');
    const { page, context, errors } = await openPage(browser, host.url);

    // English first: the graph reads left to right.
    await page.getByTestId(`plan-item-${planId}`).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await screenshot(page, 'plans-en');
    await page.getByTestId(`plan-open-${planId}`).click();
    await page.getByTestId('step-node-send').waitFor();
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['draft->send', 'gather->draft']);
    expect(await leftEdgeOf(page, 'step-node-gather')).toBeLessThan(await leftEdgeOf(page, 'step-node-send'));
    await page.getByTestId('step-node-draft').click();
    await screenshot(page, 'plan-en');

    await pickOption(page, 'language-switch', 'עברית');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('he');
    expect(await page.getByTestId('nav-plans').textContent()).toContain('תוכניות');
    expect(await page.getByTestId('nav-settings').textContent()).toContain('הגדרות');
    expect(await page.getByTestId('add-step').textContent()).toBe('הוספת צעד');
    expect(await page.getByTestId('save-version').textContent()).toBe('שמירת גרסה');

    // The nodes are still drawn, now flowing from right to left, with the inspector beside them.
    expect(await stepIdsOnCanvas(page)).toEqual(['gather', 'draft', 'send']);
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['draft->send', 'gather->draft']);
    await expect
      .poll(async () => (await leftEdgeOf(page, 'step-node-gather')) > (await leftEdgeOf(page, 'step-node-send')))
      .toBe(true);
    expect(await page.getByTestId('step-node-gather').isVisible()).toBe(true);
    expect(await page.getByTestId('step-node-send').isVisible()).toBe(true);
    // The side panel moves to the left of the canvas.
    expect(await leftEdgeOf(page, 'step-inspector')).toBeLessThan(await leftEdgeOf(page, 'plan-canvas'));
    await screenshot(page, 'plan-he');

    // The choice is remembered.
    await page.reload();
    await page.getByTestId('step-node-gather').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.getByTestId('nav-plans').textContent()).toContain('תוכניות');
    await page.getByTestId('nav-plans').click();
    await page.getByTestId(`plan-item-${planId}`).waitFor();
    expect(await page.getByTestId(`plan-item-${planId}`).textContent()).toContain('3 צעדים');
    await screenshot(page, 'plans-he');

    await pickOption(page, 'language-switch', 'English');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.getByTestId('nav-plans').textContent()).toContain('Plans');
    expect(errors).toEqual([]);
    await context.close();
  });
});
