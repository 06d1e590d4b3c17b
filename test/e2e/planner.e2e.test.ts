import { statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, pickOption } from './helpers/browser';
import { connectClient } from './helpers/contract';
import { planIdOf } from './helpers/editor';
import { previewPhases, recordPreviewPhases } from './helpers/generation';
import { makeDataDir, removeDataDir, startHost, type RunningHost } from './helpers/host';
import { saveScreenshot } from './helpers/screenshots';
import { settle } from './helpers/settle';

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

/** The step ids in the generation preview, in the order they were written. */
function previewSteps(page: Page): Promise<string[]> {
  return page
    .getByTestId('generation-preview')
    .locator('[data-testid^="generation-step-"]')
    .evaluateAll((nodes) => nodes.map((node) => (node.getAttribute('data-testid') ?? '').replace(/^generation-step-/, '')));
}

/** Waits for the plan page of a generated plan and checks it was saved as version 1 by the planner. */
async function expectPlannerVersion(page: Page, authorLabel: string): Promise<string> {
  await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/#\/plans\/[^/]+$/);
  const planId = planIdOf(page);
  await page.getByTestId('version-item-1').waitFor();
  expect(await page.getByTestId('version-item-1').textContent()).toContain(authorLabel);
  const { client, close } = await connectClient(host);
  try {
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const versions = await client.plans.versions({ workspaceId, planId });
    expect(versions.map((version) => [version.number, version.author])).toEqual([[1, 'planner']]);
  } finally {
    close();
  }
  return planId;
}

describe('New plan from a request', () => {
  it('streams the steps of an English request into the preview, then opens the plan as version 1 by the planner', async () => {
    const { page, context, errors } = await openPage(browser, host.url);
    await page.getByTestId('plan-request').fill('every morning fetch https://example.com/news.json and summarize it');
    await screenshot(page, 'plan-request-en');
    await recordPreviewPhases(page);
    await page.getByTestId('generate-plan').click();

    // The two steps appeared in the preview as the planner wrote them, then the plan was saved.
    await expect.poll(() => previewPhases(page)).toContain('done:2');
    const phases = await previewPhases(page);
    expect(phases).toContain('partial:2');
    expect(phases.indexOf('partial:2')).toBeLessThan(phases.indexOf('done:2'));

    // Nothing to warn about: the plan opens by itself.
    await expectPlannerVersion(page, 'planner');
    await page.getByTestId('step-node-fetch').waitFor();
    await expect.poll(() => page.getByTestId('generation-preview').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the warnings of a plan and waits for the person to open it', async () => {
    const { page, context, errors } = await openPage(browser, host.url);
    await page.getByTestId('plan-request').fill('search files for invoices and write a report to report.md');
    await recordPreviewPhases(page);
    await page.getByTestId('generate-plan').click();
    await page.getByTestId('generation-warnings').waitFor();
    // The steps were on the canvas while the planner was still writing (from plan.generating), before the plan was saved.
    const phases = await previewPhases(page);
    expect(phases).toContain('partial:3');
    expect(phases.indexOf('partial:3')).toBeLessThan(phases.indexOf('done:3'));
    expect(await page.getByTestId('generation-warnings').textContent()).toContain('needs a model');
    expect(await previewSteps(page)).toEqual(['search', 'write', 'save']);
    expect(await page.getByTestId('generation-step-search').textContent()).toContain('files.search');
    expect(await page.getByTestId('generation-provider').textContent()).toContain('offline planner');
    // Laid out along their dependencies, left to right.
    await expect.poll(() => page.getByTestId('generation-preview').locator('.react-flow__edge').count()).toBe(2);
    const searchBox = await page.getByTestId('generation-step-search').boundingBox();
    const saveBox = await page.getByTestId('generation-step-save').boundingBox();
    expect(searchBox && saveBox && searchBox.x < saveBox.x).toBe(true);
    await screenshot(page, 'generation-preview-en');

    // It stays until the person opens it.
    await page.waitForTimeout(1500);
    expect(page.url()).not.toMatch(/#\/plans\/[^/]+$/);
    await page.getByTestId('generation-open').click();
    await expectPlannerVersion(page, 'planner');
    // The warnings stay on the plan until the person closes them.
    expect(await page.getByTestId('planner-notes').getAttribute('data-version')).toBe('1');
    expect(await page.getByTestId('planner-notes').textContent()).toContain('needs a model');
    await page.getByTestId('planner-notes-dismiss').click();
    await expect.poll(() => page.getByTestId('planner-notes').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('plans a Hebrew request right to left, with Hebrew step titles', async () => {
    const { page, context, errors } = await openPage(browser, host.url);
    await pickOption(page, 'language-switch', 'עברית');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');

    const request = 'כל יום תאסוף את הדוחות של כל הלקוחות ותשלח לי סיכום';
    await page.getByTestId('plan-request').fill(request);
    expect(await page.getByTestId('plan-request').evaluate((box) => getComputedStyle(box).direction)).toBe('rtl');
    await screenshot(page, 'plan-request-he');
    await page.getByTestId('generate-plan').click();

    await page.getByTestId('generation-warnings').waitFor();
    const steps = await previewSteps(page);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('generation-preview').textContent()).toContain('סיכום');
    // Right to left: the first step sits to the right of the last.
    const first = await page.getByTestId(`generation-step-${steps[0]}`).boundingBox();
    const last = await page.getByTestId(`generation-step-${steps[steps.length - 1]}`).boundingBox();
    expect(first && last && first.x > last.x).toBe(true);
    await screenshot(page, 'generation-preview-he');

    await page.getByTestId('generation-open').click();
    await expectPlannerVersion(page, 'המתכנן');
    expect(await page.getByTestId('plan-title').textContent()).toMatch(/[\u0590-\u05FF]/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps model settings, says where a key must come from in browser mode, and reports a missing key', async () => {
    const { page, context, errors } = await openPage(browser, `${host.url}#/settings`);
    await page.getByTestId('settings-planner').waitFor();
    expect(await page.getByTestId('settings-planner-provider').inputValue()).toBe('Offline planner (no network)');
    expect(await page.getByTestId('settings-planner-key').count()).toBe(0);
    await screenshot(page, 'settings-planner-en');

    await pickOption(page, 'settings-planner-provider', 'Google Gemini');
    await page.getByTestId('settings-planner-model').fill('gemini-2.5-pro');
    await page.getByTestId('settings-planner-baseurl').fill('http://127.0.0.1:9/');
    expect(await page.getByTestId('settings-planner-key-status').textContent()).toBe('No key set');
    await page.getByTestId('settings-planner-key').fill('not-a-real-key');
    await page.getByTestId('settings-planner-save').click();
    await page.getByTestId('settings-planner-key-message').waitFor();
    expect(await page.getByTestId('settings-planner-key-message').textContent()).toContain('GEMINI_API_KEY');
    expect(await page.getByTestId('settings-planner-key-status').getAttribute('data-set')).toBe('false');
    await screenshot(page, 'settings-planner-gemini-en');

    const { client, close } = await connectClient(host);
    try {
      const { defaultWorkspaceId: workspaceId } = await client.system.status({});
      const settings = await client.settings.get({ workspaceId });
      expect(settings).toMatchObject({ 'planner.provider': 'gemini', 'planner.gemini.model': 'gemini-2.5-pro', 'planner.gemini.baseUrl': 'http://127.0.0.1:9/' });
      expect(JSON.stringify(settings)).not.toContain('not-a-real-key');
    } finally {
      close();
    }

    // With Gemini chosen and no key, generating says so in the error banner.
    await page.getByTestId('nav-plans').click();
    await page.getByTestId('plan-request').fill('summarize my notes');
    await page.getByTestId('generate-plan').click();
    await page.getByTestId('error-banner').waitFor();
    expect(await page.getByTestId('error-banner-message').textContent()).toContain('no Gemini API key');
    await expect.poll(() => page.getByTestId('generation-preview').count()).toBe(0);

    // Back to the offline planner, in Hebrew.
    await page.getByTestId('nav-settings').click();
    await pickOption(page, 'language-switch', 'עברית');
    await pickOption(page, 'settings-planner-provider', 'מתכנן מקומי (בלי רשת)');
    await page.getByTestId('settings-planner-save').click();
    await page.getByTestId('settings-planner-saved').waitFor();
    await screenshot(page, 'settings-planner-he');
    expect(errors).toEqual([]);
    await context.close();
  });
});
