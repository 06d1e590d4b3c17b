import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './helpers/browser';
import { seedThreeStepPlan } from './helpers/contract';
import { makeDataDir, removeDataDir, startHost, type RunningHost } from './helpers/host';

let browser: Browser;
let host: RunningHost;
let dataDir: string;

beforeAll(async () => {
  dataDir = makeDataDir();
  [browser, host] = await Promise.all([launchBrowser(), startHost(dataDir)]);
  await seedThreeStepPlan(host, 'Secret plan');
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  removeDataDir(dataDir);
});

const refusal = 'The host refused the connection: the token is missing or wrong. Open the address printed by `npm run web`.';

describe('connecting to the host', () => {
  it.each([
    ['a wrong token', '/?token=not-the-token'],
    ['no token', '/'],
  ])('with %s shows the refusal and no data', async (_case, path) => {
    const { page, context } = await openPage(browser, `${host.origin}${path}`);
    await page.getByTestId('error-banner').waitFor();
    expect(await page.getByTestId('error-banner').textContent()).toContain(refusal);
    expect(await page.getByTestId('nav-plans').count()).toBe(0);
    expect(await page.getByTestId('plans-list').count()).toBe(0);
    expect(await page.getByText('Secret plan').count()).toBe(0);
    await context.close();
  });

  it('with the right token shows the plans, and follows changes made elsewhere', async () => {
    const { page, context, errors } = await openPage(browser, host.url);
    await page.getByText('Secret plan').waitFor();
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    // A plan made by another client shows up without a reload (plan.changed).
    await seedThreeStepPlan(host, 'Made by the CLI');
    await page.getByText('Made by the CLI').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
