import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSteps, edgesOnCanvas, launchBrowser, openPage, pickOption, stepIdsOnCanvas } from './helpers/browser';
import { addFromPalette, createPlanInUi, leftOf, pickReference, pickSelect, saveVersion, valueOf } from './helpers/editor';
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

describe('the plan editor in Hebrew', () => {
  it('builds, refuses a loop, undoes, versions, compares, restores, exports and imports, right to left', async () => {
    const { page, context, errors } = await openPage(browser, host.url);
    await pickOption(page, 'language-switch', 'עברית');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await createPlanInUi(page, 'דוח חודשי');
    expect(await page.getByTestId('agent-palette').textContent()).toContain('סוכנים');

    await addFromPalette(page, 'search', 'files.search', 'search');
    await page.getByTestId('input-field-query').fill('december');
    await addFromPalette(page, 'compose', 'template', 'template');
    await expect.poll(() => page.getByTestId('problems-list').textContent()).toContain('input.template');
    expect(await page.getByTestId('problems-count').textContent()).toBe('1');
    expect(await page.getByTestId('problems-list').textContent()).toContain('שדה חובה');
    await saveScreenshot(page, 'editor-inspector-he');

    // Right to left: the step that runs first is on the right.
    await connectSteps(page, 'search', 'template');
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['search->template']);
    expect(await leftOf(page, 'step-node-search')).toBeGreaterThan(await leftOf(page, 'step-node-template'));
    await pickReference(page, 'template', 'search', 'text');
    await expect.poll(() => valueOf(page, 'input-field-template')).toBe('{{steps.search.output.text}}');
    await expect.poll(() => page.getByTestId('problems-empty').textContent()).toContain('אין בעיות');

    // A loop is refused, in Hebrew.
    await connectSteps(page, 'template', 'search');
    await page.getByTestId('canvas-message').waitFor();
    expect(await page.getByTestId('canvas-message').textContent()).toContain('לולאה');

    // Undo and redo from the toolbar.
    await page.getByTestId('undo').click();
    await expect.poll(() => valueOf(page, 'input-field-template')).toBe('');
    await page.getByTestId('redo').click();
    await expect.poll(() => valueOf(page, 'input-field-template')).toBe('{{steps.search.output.text}}');

    // Two versions, compared field by field.
    await saveVersion(page, 'דצמבר', 2);
    await page.getByTestId('step-node-search').click();
    await page.getByTestId('input-field-query').fill('november');
    await saveVersion(page, 'נובמבר', 3);
    expect(await page.getByTestId('version-item-3').textContent()).toContain('אתם');
    await pickSelect(page, 'compare-from', 'גרסה 2');
    await page.getByTestId('compare-versions').click();
    await page.getByTestId('diff-summary').waitFor();
    const summary = (await page.getByTestId('diff-summary').textContent()) ?? '';
    expect(summary).toContain('שינויים מגרסה 2 לגרסה 3');
    expect(summary).toContain('input.query: "december" → "november"');
    expect(await page.getByTestId('step-node-search').getAttribute('data-diff')).toBe('changed');
    await saveScreenshot(page, 'editor-diff-he');

    // Restore version 2 as version 4.
    await page.getByTestId('stop-viewing').click();
    await page.getByTestId('version-item-2').click();
    await page.getByTestId('restore-version').click();
    await page.getByTestId('version-item-4').waitFor();
    await page.getByTestId('step-node-search').click();
    await expect.poll(() => valueOf(page, 'input-field-query')).toBe('december');

    // Export, then import it back from the plans page.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plan').click()]);
    const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as { title: string; steps: { id: string }[] };
    expect(file.title).toBe('דוח חודשי');
    await page.getByTestId('nav-plans').click();
    await page.getByTestId('import-plan-file').setInputFiles({
      name: 'report.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...file, title: 'דוח מיובא' })),
    });
    await expect.poll(() => page.getByTestId('plan-title').textContent()).toBe('דוח מיובא');
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['search', 'template']);
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['search->template']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
