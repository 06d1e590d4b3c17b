import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './helpers/browser';
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

describe('agents page', () => {
  it('lists the catalog from the engine with risk and repeat safety', async () => {
    const { page, context, errors } = await openPage(browser, host.url);
    await page.getByTestId('nav-agents').click();
    await page.getByTestId('agents-list').waitFor();
    const ids = await page.locator('[data-testid^="agent-item-"]').evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
    expect(ids).toEqual(expect.arrayContaining(['agent-item-http.request', 'agent-item-files.write', 'agent-item-sim', 'agent-item-template']));
    const http = page.getByTestId('agent-item-http.request');
    await expect.poll(() => http.textContent()).toContain('reaches outside');
    expect(await http.textContent()).toContain('asks before repeating');
    expect(await http.textContent()).toContain('url');
    expect(await page.getByTestId('agent-item-files.read').textContent()).toContain('safe to repeat');
    expect(errors).toEqual([]);
    await context.close();
  });
});
