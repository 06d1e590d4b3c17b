import { statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, pickOption } from './helpers/browser';
import { connectClient } from './helpers/contract';
import { makeDataDir, removeDataDir, startHost, type RunningHost } from './helpers/host';
import { saveScreenshot } from './helpers/screenshots';
import { settle } from './helpers/settle';
import { runsStartedBy, seedGreetingPlan } from './helpers/triggers';
import { postWebhook, signatureOf } from './helpers/webhook';

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

/** The id of the trigger item whose name is `name`, once it is listed. */
async function triggerIdOf(page: Page, name: string): Promise<string> {
  const item = page.locator('[data-testid^="trigger-item-"]').filter({ has: page.getByTestId('trigger-name-text').getByText(name, { exact: true }) });
  await item.waitFor();
  const testId = (await item.getAttribute('data-testid')) ?? '';
  return testId.replace(/^trigger-item-/, '');
}

/** Waits until the trigger's last firings list a run that completed; returns the run id. */
async function completedRunOf(page: Page, triggerId: string, source: string): Promise<string> {
  const firing = page.getByTestId(`trigger-firings-${triggerId}`).locator(`[data-source="${source}"]`).first();
  await firing.waitFor();
  await expect.poll(() => firing.getByTestId('firing-run-status').textContent(), { timeout: 10_000 }).toBe('completed');
  const link = firing.locator('[data-testid^="firing-run-"]').first();
  const href = (await link.getAttribute('href')) ?? '';
  expect(href).toMatch(/^#\/runs\//);
  return decodeURIComponent(href.replace('#/runs/', ''));
}

describe('Triggers page', () => {
  it('makes a schedule from a phrase with a live preview, switches it off and fires it with "test now"', async () => {
    const { workspaceId } = await seedGreetingPlan(host, 'Morning greeting');
    const { page, context, errors } = await openPage(browser, `${host.url}#/triggers`);
    await page.getByTestId('triggers-empty').waitFor();

    await page.getByTestId('new-trigger').click();
    await page.getByTestId('trigger-form').waitFor();
    await page.getByTestId('trigger-name').fill('Every morning');
    await page.getByTestId('trigger-schedule').fill('every day at 9:00');
    await expect.poll(() => page.getByTestId('trigger-preview-cron').textContent()).toBe('0 9 * * *');
    expect(await page.getByTestId('trigger-preview-words').textContent()).toBe('every day at 09:00');
    await page.getByTestId('trigger-timezone').fill('Jerusalem');
    await page.getByRole('option', { name: 'Asia/Jerusalem', exact: true }).click();
    await expect.poll(() => page.getByTestId('trigger-preview').textContent()).toContain('next firings in Asia/Jerusalem');
    await expect.poll(() => page.getByTestId('trigger-preview-next').locator('li').count()).toBe(5);
    // Every next firing reads 09:00 in the schedule's own zone.
    for (const time of await page.getByTestId('trigger-preview-next').locator('li').allTextContents()) expect(time).toContain('09:00');

    // A phrase that cannot be read says so, and the form cannot be saved.
    await page.getByTestId('trigger-schedule').fill('whenever the moon is full');
    await page.getByTestId('trigger-preview-error').waitFor();
    expect(await page.getByTestId('trigger-save').isDisabled()).toBe(true);
    await page.getByTestId('trigger-schedule').fill('every day at 9:00');
    await page.getByTestId('trigger-preview-cron').waitFor();

    await pickOption(page, 'trigger-catchup', 'Skip');
    await pickOption(page, 'trigger-target-plan', 'Morning greeting');
    await screenshot(page, 'trigger-form-en');
    await page.getByTestId('trigger-save').click();
    await page.getByTestId('trigger-form').waitFor({ state: 'detached' });

    const id = await triggerIdOf(page, 'Every morning');
    const item = page.getByTestId(`trigger-item-${id}`);
    expect(await item.getByTestId('trigger-words').textContent()).toBe('every day at 09:00');
    expect(await item.textContent()).toContain('Asia/Jerusalem');
    expect(await page.getByTestId(`trigger-target-${id}`).textContent()).toContain('Runs “Morning greeting” (latest version)');
    expect(await page.getByTestId(`trigger-next-${id}`).textContent()).toMatch(/^Next: in \d+ hours?$/);
    expect(await page.getByTestId(`trigger-last-${id}`).textContent()).toBe('Last fired: never');

    const { client, close } = await connectClient(host);
    try {
      const [stored] = await client.triggers.list({ workspaceId });
      expect(stored?.schedule).toMatchObject({ cron: '0 9 * * *', phrase: 'every day at 9:00', timeZone: 'Asia/Jerusalem', catchUp: { policy: 'skip' } });

      // Off: the host stops scheduling it.
      await page.getByTestId(`trigger-enabled-${id}`).click({ force: true });
      await expect.poll(async () => (await client.triggers.list({ workspaceId }))[0]?.enabled).toBe(false);
      await expect.poll(() => item.getAttribute('data-enabled')).toBe('false');
      await expect.poll(() => page.getByTestId(`trigger-next-${id}`).textContent()).toBe('Next: not scheduled');
    } finally {
      close();
    }

    // "Test now" fires it anyway and lists the run it started.
    await page.getByTestId(`trigger-test-${id}`).click();
    const runId = await completedRunOf(page, id, 'test');
    expect((await runsStartedBy(host, workspaceId, 'manual')).map((run) => run.id)).toContain(runId);
    await expect.poll(() => page.getByTestId(`trigger-last-${id}`).textContent()).toBe('Last fired: now');

    // The run link leads to the run's address.
    await page.getByTestId(`firing-run-${runId}`).click();
    await expect.poll(() => page.url()).toContain(`#/runs/${runId}`);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a webhook secret once; a signed request starts a run, forged and replayed ones do not', async () => {
    const { workspaceId } = await seedGreetingPlan(host, 'Client hook plan');
    const { page, context, errors } = await openPage(browser, `${host.url}#/triggers`);
    await page.getByTestId('triggers-list').waitFor();

    await page.getByTestId('new-trigger').click();
    await page.getByTestId('trigger-name').fill('New client');
    await page.getByTestId('trigger-kind').getByText('Webhook').click();
    await expect.poll(() => page.getByTestId('trigger-schedule').count()).toBe(0);
    await pickOption(page, 'trigger-target-plan', 'Client hook plan');
    await page.getByTestId('trigger-auto-approve').click({ force: true });
    await page.getByTestId('trigger-save').click();

    // The secret and the address, once.
    await page.getByTestId('trigger-secret-modal').waitFor();
    const secret = (await page.getByTestId('trigger-secret').textContent()) ?? '';
    const url = (await page.getByTestId('trigger-webhook-url').textContent()) ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const id = url.replace(`${host.origin}/hooks/`, '');
    expect(url).toBe(`${host.origin}/hooks/${id}`);
    await screenshot(page, 'trigger-secret-en');
    await page.getByTestId('trigger-secret-done').click();
    await page.getByTestId('trigger-secret-modal').waitFor({ state: 'detached' });
    expect(await page.locator('body').textContent()).not.toContain(secret);
    expect(await page.getByTestId(`trigger-url-${id}`).textContent()).toBe(url);

    // A signed request starts one run, with the body as its input.
    const accepted = await postWebhook(url, { client: 'Acme' }, { secret, deliveryId: 'delivery-1' });
    expect(accepted.status).toBeLessThan(300);
    const runId = await completedRunOf(page, id, 'webhook');
    expect(await runsStartedBy(host, workspaceId, 'webhook')).toEqual([{ id: runId, status: 'completed' }]);
    // …and it is on the Runs page.
    await page.getByTestId('nav-runs').click();
    await page.getByTestId(`run-item-${runId}`).waitFor();
    await page.getByTestId('nav-triggers').click();
    await page.getByTestId(`trigger-item-${id}`).waitFor();

    // The same delivery again, and a request signed with another secret: no new run.
    const replay = await postWebhook(url, { client: 'Acme' }, { secret, deliveryId: 'delivery-1' });
    expect(replay.status).toBe(200);
    const forged = await postWebhook(url, { client: 'Acme' }, { secret, signature: signatureOf('not-the-secret', JSON.stringify({ client: 'Acme' })) });
    expect(forged.status).toBe(401);
    expect(await runsStartedBy(host, workspaceId, 'webhook')).toHaveLength(1);
    await page.reload();
    await expect.poll(() => page.getByTestId(`trigger-rejected-${id}`).textContent()).toContain('1 request refused');

    // Rotating shows a new secret, which works.
    await page.getByTestId(`trigger-rotate-${id}`).click();
    await page.getByTestId('trigger-secret-modal').waitFor();
    const rotated = (await page.getByTestId('trigger-secret').textContent()) ?? '';
    expect(rotated).not.toBe(secret);
    expect(await page.getByTestId('trigger-secret-modal').textContent()).toContain('previous secret is still accepted');
    await page.getByTestId('trigger-secret-done').click();
    expect((await postWebhook(url, { client: 'Beta' }, { secret: rotated })).status).toBeLessThan(300);
    await expect.poll(async () => (await runsStartedBy(host, workspaceId, 'webhook')).length).toBe(2);
    await expect.poll(() => page.getByTestId(`trigger-firings-${id}`).locator('[data-source="webhook"]').count()).toBe(2);
    await screenshot(page, 'triggers-page-en');

    // Delete, after a question.
    await page.getByTestId(`trigger-delete-${id}`).click();
    await page.getByTestId('trigger-delete-confirm').click();
    await page.getByTestId(`trigger-item-${id}`).waitFor({ state: 'detached' });
    expect((await postWebhook(url, { client: 'Gone' }, { secret: rotated })).status).toBe(404);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads Hebrew phrases and shows the page right to left', async () => {
    await seedGreetingPlan(host, 'דוח בוקר');
    const { page, context, errors } = await openPage(browser, `${host.url}#/triggers`);
    await page.getByTestId('triggers-list').waitFor();
    await pickOption(page, 'language-switch', 'עברית');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.getByTestId('nav-triggers').textContent()).toContain('מפעילים');
    expect(await page.getByTestId('nav-triggers').textContent()).not.toContain('בקרוב');

    await page.getByTestId('new-trigger').click();
    await page.getByTestId('trigger-name').fill('דוח כל בוקר');
    await page.getByTestId('trigger-schedule').fill('כל יום ב-9:00');
    await expect.poll(() => page.getByTestId('trigger-preview-cron').textContent()).toBe('0 9 * * *');
    expect(await page.getByTestId('trigger-preview-words').textContent()).toBe('כל יום ב-09:00');
    await page.getByTestId('trigger-target-kind').getByText('בקשה').click();
    await page.getByTestId('trigger-target-request').fill('הכן דוח יומי של כל הלקוחות');
    await screenshot(page, 'trigger-form-he');
    await page.getByTestId('trigger-save').click();

    const id = await triggerIdOf(page, 'דוח כל בוקר');
    expect(await page.getByTestId(`trigger-item-${id}`).getByTestId('trigger-words').textContent()).toBe('כל יום ב-09:00');
    expect(await page.getByTestId(`trigger-target-${id}`).textContent()).toContain('מתכנן ומריץ: ״הכן דוח יומי של כל הלקוחות״');
    await screenshot(page, 'triggers-page-he');

    // Editing keeps the phrase as it was typed.
    await page.getByTestId(`trigger-edit-${id}`).click();
    expect(await page.getByTestId('trigger-schedule').inputValue()).toBe('כל יום ב-9:00');
    await page.getByTestId('trigger-schedule').fill('כל יום שני ב-8:30');
    await expect.poll(() => page.getByTestId('trigger-preview-cron').textContent()).toBe('30 8 * * 1');
    await page.getByTestId('trigger-save').click();
    await expect.poll(() => page.getByTestId(`trigger-item-${id}`).getByTestId('trigger-words').textContent()).toContain('שני');

    expect(errors).toEqual([]);
    await context.close();
  });
});
