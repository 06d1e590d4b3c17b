import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { connectClient } from './contract';
import type { RunningHost } from './host';

/** Clicks an agent in the palette (after searching for it) and waits for the step it adds. */
export async function addFromPalette(page: Page, search: string, agentId: string, expectedStepId: string): Promise<void> {
  await page.getByTestId('agent-palette-search').fill(search);
  await page.getByTestId(`palette-agent-${agentId}`).click();
  await page.getByTestId(`step-node-${expectedStepId}`).waitFor();
  await expect.poll(() => page.getByTestId('inspector-id').textContent()).toBe(expectedStepId);
}

/** Opens a field's `{ }` menu and picks an upstream step's output (`field` null: the whole output). */
export async function pickReference(page: Page, fieldKey: string, stepId: string, field: string | null): Promise<void> {
  await page.getByTestId(`reference-picker-${fieldKey}`).click();
  await page.getByTestId(`reference-option-${stepId}-${field ?? 'output'}`).click();
}

/** The text the reference menu of a field offers (then closes it). */
export async function referenceMenuText(page: Page, fieldKey: string): Promise<string> {
  await page.getByTestId(`reference-picker-${fieldKey}`).click();
  const text = (await page.getByTestId('reference-menu').textContent()) ?? '';
  await page.keyboard.press('Escape');
  await page.getByTestId('reference-menu').waitFor({ state: 'detached' });
  return text;
}

/** Takes the keyboard focus out of any field, so editor keys reach the editor. */
export async function leaveFields(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
}

/** Presses a key chord with the platform's command key (Control here: Chromium on Linux). */
export async function pressCommand(page: Page, chord: string): Promise<void> {
  await leaveFields(page);
  await page.keyboard.press(`Control+${chord}`);
}

/** The value of an input or textarea found by test id. */
export function valueOf(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).inputValue();
}

/** The left edge of an element, in page pixels. */
export async function leftOf(page: Page, testId: string): Promise<number> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not on screen`);
  return box.x;
}

/** The plan's id, from the address of the open plan page. */
export function planIdOf(page: Page): string {
  const match = /#\/plans\/([^/]+)$/.exec(page.url());
  if (!match?.[1]) throw new Error(`not on a plan page: ${page.url()}`);
  return decodeURIComponent(match[1]);
}

/** Creates a plan through the UI and returns its id once its empty canvas shows. */
export async function createPlanInUi(page: Page, title: string): Promise<string> {
  await page.getByTestId('new-plan').click();
  await page.getByTestId('new-plan-title').fill(title);
  await page.getByTestId('new-plan-create').click();
  await page.getByTestId('canvas-empty').waitFor();
  return planIdOf(page);
}

/** Saves the working copy as a version with a message and waits for it in the list. */
export async function saveVersion(page: Page, message: string, expectedNumber: number): Promise<void> {
  await page.getByTestId('version-message').fill(message);
  await page.getByTestId('save-version').click();
  await page.getByTestId(`version-item-${expectedNumber}`).waitFor();
  await page.getByTestId('saved-indicator').waitFor();
}

/** Picks an option of a Mantine Select inside the page by its visible label. */
export async function pickSelect(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

/** The draft the host keeps for a plan (a workspace setting), or null. */
export async function draftOnHost(host: RunningHost, planId: string): Promise<unknown> {
  const { client, close } = await connectClient(host);
  try {
    const status = await client.system.status({});
    const settings = await client.settings.get({ workspaceId: status.defaultWorkspaceId });
    return settings[`draft.${planId}`] ?? null;
  } finally {
    close();
  }
}
