import { statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGeminiFixture, startFakeGemini, type FakeGemini } from '../helpers/fake-gemini';
import { launchBrowser, openPage, pickOption } from './helpers/browser';
import { connectClient } from './helpers/contract';
import { planIdOf } from './helpers/editor';
import { previewPhases, recordPreviewPhases } from './helpers/generation';
import { makeDataDir, removeDataDir, startHost, type RunningHost } from './helpers/host';
import { saveScreenshot } from './helpers/screenshots';
import { settle } from './helpers/settle';

/**
 * The real headless host planning with Gemini: the official SDK inside the host talks to a fake
 * Gemini on 127.0.0.1 that streams its answer slowly, and to a second one that refuses the host's key.
 */
const HOST_KEY = 'e2e-gemini-key';
const CHUNK_DELAY_MS = 250;

let browser: Browser;
let host: RunningHost;
let dataDir: string;
let gemini: FakeGemini;
let otherGemini: FakeGemini;

beforeAll(async () => {
  dataDir = makeDataDir();
  gemini = await startFakeGemini(loadGeminiFixture('five-steps-streamed').replies, { chunkDelayMs: CHUNK_DELAY_MS, requireKey: HOST_KEY });
  otherGemini = await startFakeGemini([{ text: '{"ok": true}' }], { requireKey: 'a-key-the-host-does-not-have' });
  // The host reads its key from the environment when it starts (headless hosts keep no keys on disk).
  const before = process.env.GEMINI_API_KEY;
  process.env.GEMINI_API_KEY = HOST_KEY;
  try {
    [browser, host] = await Promise.all([launchBrowser(), startHost(dataDir)]);
  } finally {
    if (before === undefined) delete process.env.GEMINI_API_KEY;
    else process.env.GEMINI_API_KEY = before;
  }
  const { client, close } = await connectClient(host);
  try {
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    await client.settings.set({ workspaceId, key: 'planner.provider', value: 'gemini' });
    await client.settings.set({ workspaceId, key: 'planner.gemini.baseUrl', value: gemini.baseUrl });
  } finally {
    close();
  }
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await gemini?.close();
  await otherGemini?.close();
  removeDataDir(dataDir);
});

async function screenshot(page: Page, name: string): Promise<void> {
  await settle(page);
  const path = await saveScreenshot(page, name);
  expect(statSync(path).size).toBeGreaterThan(10_000);
}

describe('Planning with Gemini (a slow stream from a fake Gemini, through the real host)', () => {
  it('shows the steps on the preview canvas as the SSE chunks arrive, then saves the plan as version 1 by the planner with Gemini', async () => {
    const { page, context, errors } = await openPage(browser, host.url);
    await page.getByTestId('plan-request').fill('Every Friday summarize the client notes, rate their urgency and write a digest');
    await recordPreviewPhases(page);
    const started = Date.now();
    await page.getByTestId('generate-plan').click();

    // Mid-stream: the canvas holds some of the steps, not yet all, and the planner is still writing.
    const drawn = () => page.getByTestId('generation-preview').locator('[data-testid^="generation-step-"]').count();
    await expect.poll(drawn, { interval: 50 }).toBeGreaterThanOrEqual(2);
    const midway = await drawn();
    expect(midway).toBeLessThan(5);
    const midwayPath = await saveScreenshot(page, 'generation-preview-gemini-streaming');
    expect(statSync(midwayPath).size).toBeGreaterThan(10_000);

    await expect.poll(() => previewPhases(page), { timeout: 20_000 }).toContain('done:5');
    const phases = await previewPhases(page);
    const counts = phases.map((entry) => Number(entry.split(':')[1]));
    const done = phases.indexOf('done:5');
    // A count strictly between none and all was drawn before the plan was done, and the count only grew.
    expect(phases.slice(0, done).some((entry) => /^partial:[1-4]$/.test(entry))).toBe(true);
    expect(counts.slice(0, done + 1)).toEqual([...counts.slice(0, done + 1)].sort((a, b) => a - b));
    expect(new Set(phases.slice(0, done).filter((entry) => entry.startsWith('partial:'))).size).toBeGreaterThanOrEqual(3);
    // The stream was slow (six events a quarter of a second apart), and the preview followed it.
    expect(Date.now() - started).toBeGreaterThan(5 * CHUNK_DELAY_MS);
    expect(await page.getByTestId('generation-provider').textContent()).toBe('Made by gemini gemini-2.5-flash');
    // Every step is in view on the preview canvas (the view follows the steps as they arrive).
    const canvas = await page.getByTestId('generation-preview').locator('.generation-canvas').boundingBox();
    await expect
      .poll(async () => {
        const boxes = await page.getByTestId('generation-preview').locator('[data-testid^="generation-step-"]').evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().toJSON() as DOMRect));
        return boxes.filter((box) => canvas && box.left >= canvas.x && box.right <= canvas.x + canvas.width && box.top >= canvas.y && box.bottom <= canvas.y + canvas.height).length;
      })
      .toBe(5);
    await saveScreenshot(page, 'generation-preview-gemini-done');

    // Nothing to warn about: the plan opens by itself, as version 1 by the planner.
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/#\/plans\/[^/]+$/);
    const planId = planIdOf(page);
    await page.getByTestId('version-item-1').waitFor();
    expect(await page.getByTestId('version-item-1').textContent()).toContain('planner');
    for (const step of ['find', 'summarize', 'urgency', 'report', 'archive']) await page.getByTestId(`step-node-${step}`).waitFor();

    const { client, close } = await connectClient(host);
    try {
      const { defaultWorkspaceId: workspaceId } = await client.system.status({});
      const versions = await client.plans.versions({ workspaceId, planId });
      expect(versions.map((version) => [version.number, version.author, version.message])).toEqual([[1, 'planner', 'Generated by Gemini (gemini-2.5-flash).']]);
      const { plan } = await client.plans.get({ workspaceId, planId });
      expect(plan.title).toBe('Weekly client notes digest');
    } finally {
      close();
    }
    // The SDK in the host streamed from the fake with the host's key.
    const planning = gemini.requests.filter((request) => request.stream);
    expect(planning).toHaveLength(1);
    expect(planning[0]).toMatchObject({ model: 'gemini-2.5-flash', apiKey: HOST_KEY });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tests the connection from Settings → Planner: ok against the fake, a clear error for a refused key and for no server, in English and Hebrew', async () => {
    const { page, context, errors } = await openPage(browser, `${host.url}#/settings`);
    // The first load of a page can be slow on a busy machine (it once took over 10 s with a load average of 9 on 2 cores).
    await page.getByTestId('settings-planner').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('settings-planner-provider').inputValue()).toBe('Google Gemini');
    expect(await page.getByTestId('settings-planner-baseurl').inputValue()).toBe(gemini.baseUrl);

    const requestsBefore = gemini.requests.length;
    await page.getByTestId('settings-planner-test').click();
    const result = page.getByTestId('settings-planner-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toMatch(/^Connected: answered in \d+ ms/);
    expect(await page.getByTestId('settings-planner-test-message').textContent()).toMatch(/^Gemini \(gemini-2\.5-flash\) answered in \d+ ms\.$/);
    // One small request, not streamed, with the host's key; nothing saved.
    expect(gemini.requests.slice(requestsBefore)).toEqual([expect.objectContaining({ stream: false, apiKey: HOST_KEY })]);
    await screenshot(page, 'settings-planner-test-ok');

    // A server that does not take the host's key (the address typed, not saved): the key was refused, and where to fix it.
    await page.getByTestId('settings-planner-baseurl').fill(otherGemini.baseUrl);
    expect(await result.count()).toBe(0);
    await page.getByTestId('settings-planner-test').click();
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('false');
    expect(await result.getAttribute('data-fault')).toBe('auth');
    expect(await result.textContent()).toContain('The key was refused');
    const refused = await page.getByTestId('settings-planner-test-message').textContent();
    expect(refused).toContain('Gemini answered 400: API key not valid.');
    expect(refused).toContain('GEMINI_API_KEY');
    await screenshot(page, 'settings-planner-test-bad-key-en');

    // In Hebrew, right to left: the headline in Hebrew, the host's details as they are.
    await pickOption(page, 'language-switch', 'עברית');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('settings-planner-test').click();
    await expect.poll(() => result.textContent()).toContain('המפתח נדחה');
    expect(await page.getByTestId('settings-planner-test').textContent()).toBe('בדיקת חיבור');
    await screenshot(page, 'settings-planner-test-bad-key-he');

    // Nothing listens at the address: the provider could not be reached.
    await page.getByTestId('settings-planner-baseurl').fill('http://127.0.0.1:9');
    await page.getByTestId('settings-planner-test').click();
    await expect.poll(() => result.getAttribute('data-fault')).toBe('network');
    expect(await result.textContent()).toContain('אין גישה לספק');
    expect(await page.getByTestId('settings-planner-test-message').textContent()).toMatch(/^Gemini could not be reached .*Check the base URL/);

    // Only a saved setting changes what plans use: the workspace still points at the first fake.
    const { client, close } = await connectClient(host);
    try {
      const { defaultWorkspaceId: workspaceId } = await client.system.status({});
      expect((await client.settings.get({ workspaceId }))['planner.gemini.baseUrl']).toBe(gemini.baseUrl);
    } finally {
      close();
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
