import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, pickOption } from './helpers/browser';
import { connectClient } from './helpers/contract';
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

describe('workspaces', () => {
  it('keeps plans apart: a plan made in a new workspace is not in the default one', async () => {
    const { client, close } = await connectClient(host);
    const defaultWorkspace = (await client.workspaces.list({})).find((workspace) => workspace.isDefault);
    if (!defaultWorkspace) throw new Error('the host has no default workspace');
    const defaultLabel = `${defaultWorkspace.name} (default)`;

    const { page, context, errors } = await openPage(browser, host.url);
    await page.getByTestId('plans-empty').waitFor();
    expect(await page.getByTestId('workspace-switch').inputValue()).toBe(defaultLabel);

    await page.getByTestId('workspace-new').click();
    await page.getByTestId('workspace-new-name').fill('Research');
    await page.getByTestId('workspace-new-create').click();
    await expect.poll(() => page.getByTestId('workspace-switch').inputValue()).toBe('Research');

    await page.getByTestId('new-plan').click();
    await page.getByTestId('new-plan-title').fill('Only in research');
    await page.getByTestId('new-plan-create').click();
    await page.getByTestId('page-plan').waitFor();
    await page.getByTestId('nav-plans').click();
    await page.getByText('Only in research').waitFor();

    await pickOption(page, 'workspace-switch', defaultLabel);
    await page.getByTestId('plans-empty').waitFor();
    expect(await page.getByText('Only in research').count()).toBe(0);

    // The chosen workspace survives a reload.
    await page.reload();
    await page.getByTestId('plans-empty').waitFor();
    expect(await page.getByTestId('workspace-switch').inputValue()).toBe(defaultLabel);
    expect(await page.getByText('Only in research').count()).toBe(0);

    await pickOption(page, 'workspace-switch', 'Research');
    await page.getByText('Only in research').waitFor();

    // The host agrees.
    const research = (await client.workspaces.list({})).find((workspace) => workspace.name === 'Research');
    expect(research).toBeDefined();
    expect((await client.plans.list({ workspaceId: defaultWorkspace.id })).map((plan) => plan.title)).toEqual([]);
    expect((await client.plans.list({ workspaceId: research?.id ?? '' })).map((plan) => plan.title)).toEqual([
      'Only in research',
    ]);
    close();
    expect(errors).toEqual([]);
    await context.close();
  });
});
