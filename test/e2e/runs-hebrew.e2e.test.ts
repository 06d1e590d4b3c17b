import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TizmorClient } from '../../engine/api';
import { openPage, pickOption } from './helpers/browser';
import type { RunningHost } from './helpers/host';
import { createPlan, simStep, waitForRunStatus, waitForStepStatus } from './helpers/runs';
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

async function leftOf(page: Page, testId: string): Promise<number> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not on screen`);
  return box.x;
}

describe('runs in Hebrew', () => {
  it('runs a plan right to left: Hebrew statuses, mirrored graph, the approval dialog in Hebrew', async () => {
    await createPlan(client, 'דוח שבועי', {
      steps: [
        { ...simStep('collect', [], { durationMs: 200 }), title: 'איסוף נתונים' },
        { id: 'save', title: 'שמירת הדוח', agent: 'files.write', input: { path: 'he/report.txt', content: 'שלום' }, dependsOn: ['collect'] },
        { ...simStep('notify', ['save'], { durationMs: 200 }), title: 'הודעה לצוות' },
      ],
    });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs`);
    await page.evaluate(() => localStorage.setItem('tizmor.language', 'he'));
    await page.reload();
    await page.getByTestId('page-runs').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.getByTestId('nav-runs').textContent()).toContain('הרצות');
    await pickOption(page, 'runs-filter-plan', 'דוח שבועי');
    expect(await page.getByTestId('run-plan').textContent()).toBe('הרצה');
    await page.getByTestId('run-plan').click();

    // The approval dialog, in Hebrew.
    const dialog = page.getByTestId('approval-dialog');
    await dialog.waitFor();
    expect(await page.locator('.approval-dialog-title').textContent()).toBe('לאשר את הצעד הזה?');
    expect(await page.getByTestId('approve').textContent()).toBe('אישור');
    expect(await page.getByTestId('approvals-badge').textContent()).toBe('1');
    await page.getByTestId('approval-comment').fill('נראה טוב');
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'approval-dialog-he');
    await page.getByTestId('approve').click();
    await dialog.waitFor({ state: 'detached' });

    await waitForRunStatus(page, 'completed');
    await waitForStepStatus(page, 'notify', 'succeeded');
    expect(await page.getByTestId('run-status').textContent()).toBe('הושלמה');
    expect(await page.getByTestId('step-status-save').textContent()).toBe('הצליח');
    expect(await page.getByTestId('run-progress-text').textContent()).toBe('3/3 צעדים, 100%');
    // The graph reads from right to left: the first step is rightmost.
    expect(await leftOf(page, 'run-node-collect')).toBeGreaterThan(await leftOf(page, 'run-node-notify'));
    // The side panel sits on the left, at the reading end.
    expect(await leftOf(page, 'tab-logs')).toBeLessThan(await leftOf(page, 'run-canvas'));

    await page.getByTestId('run-node-save').click();
    await page.getByTestId('tab-context').click();
    expect(await page.getByTestId('context-step').textContent()).toContain('נראה טוב');
    await page.getByTestId('tab-metrics').click();
    await page.getByTestId('gantt-row-save').waitFor();
    await page.getByTestId('step-panel-close').click();
    await page.getByTestId('gantt-row-notify').waitFor();
    await saveScreenshot(page, 'run-view-he');
    expect(errors).toEqual([]);
    await context.close();
  });
});
