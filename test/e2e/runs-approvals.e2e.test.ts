import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepInput, TizmorClient } from '../../engine/api';
import { launchBrowser, openPage, pickOption } from './helpers/browser';
import { connectClient } from './helpers/contract';
import { makeDataDir, removeDataDir, startHost, type RunningHost } from './helpers/host';
import { createPlan, simStep, waitForRunEnd, waitForRunStatus, waitForStepStatus } from './helpers/runs';
import { saveScreenshot } from './helpers/screenshots';

let browser: Browser;
let host: RunningHost;
let dataDir: string;
let client: TizmorClient;
let closeClient: () => void;

beforeAll(async () => {
  dataDir = makeDataDir();
  [browser, host] = await Promise.all([launchBrowser(), startHost(dataDir)]);
  ({ client, close: closeClient } = await connectClient(host));
});

afterAll(async () => {
  closeClient?.();
  await browser?.close();
  await host?.stop();
  removeDataDir(dataDir);
});

const writeStep = (id: string, dependsOn: string[], content: string): StepInput => ({
  id,
  title: `Write ${id}`,
  agent: 'files.write',
  input: { path: `e2e/${id}.txt`, content },
  dependsOn,
});

describe('approvals', () => {
  it('asks before a write step wherever the person is; the edited input is what the step runs with', async () => {
    const { planId, workspaceId } = await createPlan(client, 'Save the notes', {
      steps: [simStep('gather'), writeStep('save', ['gather'], 'draft notes'), simStep('announce', ['save'])],
    });
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans`);
    await page.getByTestId('page-plans').waitFor();
    const run = await client.runs.start({ workspaceId, planId });

    // The dialog opens over the Plans page; the sidebar counts what waits.
    const dialog = page.getByTestId('approval-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('data-kind')).toBe('policy');
    expect(await page.getByTestId('approval-step').textContent()).toBe('Write save');
    expect(await page.getByTestId('approval-risk').textContent()).toBe('writes');
    expect(await page.getByTestId('approval-reason').textContent()).toContain('files.write');
    expect(await page.getByTestId('approvals-badge').textContent()).toBe('1');
    // The resolved input is a form built from the agent's schema.
    expect(await page.getByTestId('approval-field-path').inputValue()).toBe('e2e/save.txt');
    expect(await page.getByTestId('approval-field-content').inputValue()).toBe('draft notes');
    await page.getByTestId('approval-field-content').fill('notes, checked by a person');
    await page.getByTestId('approval-comment').fill('Fixed the wording');
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'approval-dialog-en');
    await page.getByTestId('approve').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('approvals-badge').count()).toBe(0);

    const detail = await waitForRunEnd(client, workspaceId, run.id);
    expect(detail.run.status).toBe('completed');
    const save = detail.steps.find((step) => step.stepId === 'save');
    expect(save?.input).toMatchObject({ path: 'e2e/save.txt', content: 'notes, checked by a person' });
    const written = (save?.output as { path: string }).path;
    expect(readFileSync(written, 'utf8')).toBe('notes, checked by a person');

    // The decision stays in the history: the Approvals page and the run's context tab.
    await page.getByTestId('nav-approvals').click();
    const decided = page.getByTestId('approvals-decided');
    await decided.waitFor();
    expect(await decided.textContent()).toContain('Fixed the wording');
    expect(await decided.textContent()).toContain('notes, checked by a person');
    await saveScreenshot(page, 'approvals-page-en');
    await page.goto(`${host.url}#/runs/${run.id}`);
    await page.getByTestId('run-node-save').click();
    await page.getByTestId('tab-context').click();
    expect(await page.getByTestId('context-input').textContent()).toContain('notes, checked by a person');
    expect(await page.getByTestId('context-step').textContent()).toContain('Fixed the wording');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reject fails the step and skips the steps after it; "later" leaves it on the Approvals page', async () => {
    await createPlan(client, 'Write then tell', {
      steps: [writeStep('save', [], 'something'), simStep('tell', ['save']), simStep('aside')],
    });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs`);
    await pickOption(page, 'runs-filter-plan', 'Write then tell');
    await page.getByTestId('run-plan').click();
    await page.getByTestId('approval-dialog').waitFor();
    await waitForRunStatus(page, 'waiting_approval');
    await waitForStepStatus(page, 'save', 'waiting_approval');

    // Put off: the dialog closes, the Approvals page lists it, and reopens it on demand.
    await page.getByTestId('approval-later').click();
    await page.getByTestId('approval-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('nav-approvals').click();
    const item = page.locator('[data-testid^="approval-item-"]');
    await item.waitFor();
    expect(await item.textContent()).toContain('Write save');
    await item.getByRole('button').click();
    await page.getByTestId('approval-dialog').waitFor();
    await page.getByTestId('approval-comment').fill('not today');
    await page.getByTestId('reject').click();
    await page.getByTestId('approval-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('approvals-empty').waitFor();

    await page.goBack();
    await page.getByTestId('run-view').waitFor();
    await waitForStepStatus(page, 'save', 'failed');
    await waitForStepStatus(page, 'tell', 'skipped');
    await waitForStepStatus(page, 'aside', 'succeeded');
    await waitForRunStatus(page, 'failed');
    expect(await page.getByTestId('run-node-save').textContent()).toContain('Rejected by you: not today');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks a human.ask question in the same dialog; the answer is the step output', async () => {
    const { planId, workspaceId } = await createPlan(client, 'Ask first', {
      steps: [
        {
          id: 'ask',
          title: 'Which city?',
          agent: 'human.ask',
          input: {
            question: 'Where should the team meet?',
            fields: [
              { name: 'city', label: 'City', type: 'choice', options: ['Haifa', 'Tel Aviv'] },
              { name: 'people', label: 'How many people', type: 'number' },
            ],
          },
        },
        simStep('book', ['ask']),
      ],
    });
    const run = await client.runs.start({ workspaceId, planId });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs/${run.id}`);
    const dialog = page.getByTestId('approval-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('data-kind')).toBe('question');
    expect(await page.getByTestId('approval-reason').textContent()).toBe('Where should the team meet?');
    expect(await page.getByTestId('approve').isDisabled()).toBe(true);
    await pickOption(page, 'question-field-city', 'Haifa');
    await page.getByTestId('question-field-people').fill('6');
    await page.getByTestId('approve').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForRunStatus(page, 'completed');
    const detail = await client.runs.get({ workspaceId, runId: run.id });
    expect(detail.steps.find((step) => step.stepId === 'ask')?.output).toEqual({ city: 'Haifa', people: 6 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('"approve all of this agent in this run" answers the other write steps of the run without asking', async () => {
    const { planId, workspaceId } = await createPlan(client, 'Three files', {
      steps: [writeStep('first', [], 'one'), writeStep('second', ['first'], 'two'), writeStep('third', ['first'], 'three')],
    });
    const run = await client.runs.start({ workspaceId, planId });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs/${run.id}`);
    await page.getByTestId('approval-dialog').waitFor();
    await page.getByTestId('approve-all-agent').check();
    await page.getByTestId('approve').click();
    await waitForRunStatus(page, 'completed');
    const approvals = await client.approvals.list({ workspaceId, runId: run.id });
    expect(approvals.map((approval) => approval.status)).toEqual(['approved', 'approved', 'approved']);
    expect(approvals.filter((approval) => approval.comment?.includes('every files.write step'))).toHaveLength(2);
    expect(errors).toEqual([]);
    await context.close();
  });
});
