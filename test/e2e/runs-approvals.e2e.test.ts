import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepInput, TizmorClient } from '../../engine/api';
import { openPage, pickOption } from './helpers/browser';
import type { RunningHost } from './helpers/host';
import { createPlan, simStep, waitForRunEnd, waitForRunStatus, waitForStepStatus } from './helpers/runs';
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
  it('asks once for the items of a map step: the checked items run, the unchecked are rejected, the summary sees the rest', async () => {
    const clients = ['Acme', 'Globex', 'Initech', 'Umbrella'];
    const { planId, workspaceId } = await createPlan(client, 'Reports per client', {
      steps: [
        simStep('clients', [], { durationMs: 50, output: { clients } }),
        {
          id: 'write',
          title: 'Write a report per client',
          agent: 'files.write',
          dependsOn: ['clients'],
          forEach: '{{steps.clients.output.clients}}',
          onItemError: 'collect',
          input: { path: 'e2e/map/{{item}}.txt', content: 'Report for {{item}} (#{{index}})' },
        },
        simStep('summary', ['write'], { output: '{{steps.write.output}}' }),
      ],
    });
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans`);
    await page.getByTestId('page-plans').waitFor();
    const run = await client.runs.start({ workspaceId, planId });

    // One dialog for the four items, each with its index and a line of its input.
    const dialog = page.getByTestId('map-approval-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getAttribute('data-count')).toBe('4');
    expect(await page.getByTestId('approval-dialog').count()).toBe(0);
    expect(await page.getByTestId('map-approval-step').textContent()).toBe('Write a report per client');
    expect(await page.getByTestId('map-approval-risk').textContent()).toBe('writes');
    for (const [index, name] of clients.entries()) {
      const row = page.getByTestId(`map-approval-item-${index}`);
      expect(await row.textContent()).toContain(`#${index}`);
      expect(await row.textContent()).toContain(`path: e2e/map/${name}.txt · content: Report for ${name} (#${index})`);
      expect(await row.getAttribute('data-checked')).toBe('true');
    }
    expect(await page.getByTestId('map-selected-count').textContent()).toBe('4 of 4 selected');
    expect(await page.getByTestId('approvals-badge').textContent()).toBe('4');

    // "Later", then the Approvals page shows the items as one row that reopens the same dialog.
    await page.getByTestId('map-approval-later').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('nav-approvals').click();
    const row = page.getByTestId(`approval-map-${run.id}-write`);
    await row.waitFor();
    expect(await page.locator('[data-testid^="approval-item-"]').count()).toBe(0);
    expect(await row.getByTestId('approval-map-count').textContent()).toBe('4 items waiting');
    await saveScreenshot(page, 'approvals-page-map-en');
    await page.getByTestId(`review-map-${run.id}-write`).click();
    await dialog.waitFor();

    // Initech is unchecked: approve the selected three; it is rejected.
    await page.getByTestId('map-approval-item-2').click();
    expect(await page.getByTestId('map-approval-item-2').getAttribute('data-checked')).toBe('false');
    expect(await page.getByTestId('map-selected-count').textContent()).toBe('3 of 4 selected');
    await page.getByTestId('map-approval-comment').fill('Initech is on hold');
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'map-approval-dialog-en');
    await page.getByTestId('map-approve-selected').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('approvals-empty').waitFor();

    const detail = await waitForRunEnd(client, workspaceId, run.id);
    expect(detail.run.status).toBe('completed');
    const items = detail.items.write ?? [];
    expect(items.map((item) => item.status)).toEqual(['succeeded', 'succeeded', 'failed', 'succeeded']);
    for (const index of [0, 1, 3]) {
      const written = (items[index]?.output as { path: string }).path;
      expect(readFileSync(written, 'utf8')).toBe(`Report for ${clients[index]} (#${index})`);
    }
    const summary = detail.steps.find((step) => step.stepId === 'summary')?.output as unknown[];
    expect(summary).toHaveLength(4);
    expect(summary[2]).toMatchObject({ failed: true, index: 2 });
    expect((summary[3] as { path: string }).path).toContain('Umbrella.txt');
    const approvals = await client.approvals.list({ workspaceId, runId: run.id });
    const byStep = Object.fromEntries(approvals.map((approval) => [approval.stepId, approval]));
    expect(byStep['write[2]']).toMatchObject({ status: 'rejected' });
    expect(byStep['write[2]']?.comment).toContain('Initech is on hold');
    expect(byStep['write[2]']?.comment).toContain('Not selected');
    expect(byStep['write[0]']).toMatchObject({ status: 'approved', comment: 'Initech is on hold' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('"Reject all" rejects every item of a map step, and a map step that fails on an item error fails the run', async () => {
    const { planId, workspaceId } = await createPlan(client, 'Two reports', {
      steps: [
        simStep('names', [], { durationMs: 20, output: ['North', 'South'] }),
        { id: 'save', title: 'Save each', agent: 'files.write', dependsOn: ['names'], forEach: '{{steps.names.output}}', input: { path: 'e2e/map/{{item}}-region.txt', content: '{{item}}' } },
      ],
    });
    const run = await client.runs.start({ workspaceId, planId });
    const { page, context, errors } = await openPage(browser, `${host.url}#/runs/${run.id}`);
    const dialog = page.getByTestId('map-approval-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getAttribute('data-count')).toBe('2');
    await page.getByTestId('map-reject').click();
    await dialog.waitFor({ state: 'detached' });
    const detail = await waitForRunEnd(client, workspaceId, run.id);
    expect(detail.run.status).toBe('failed');
    const approvals = await client.approvals.list({ workspaceId, runId: run.id });
    // The first rejection fails the map step at once (onItemError "fail"), which settles the other item's question too.
    const statuses = Object.fromEntries(approvals.map((approval) => [approval.stepId, approval.status]));
    expect(statuses['save[0]']).toBe('rejected');
    expect(['rejected', 'skipped']).toContain(statuses['save[1]']);
    expect((detail.items.save ?? []).some((item) => item.status === 'succeeded')).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the map approval dialog right to left in Hebrew; "approve all" runs every item', async () => {
    const { planId, workspaceId } = await createPlan(client, 'דוחות ללקוחות', {
      steps: [
        simStep('clients', [], { durationMs: 20, output: { clients: ['אקמה', 'גלובקס', 'אינטק'] } }),
        {
          id: 'write',
          title: 'כתיבת דוח לכל לקוח',
          agent: 'files.write',
          dependsOn: ['clients'],
          forEach: '{{steps.clients.output.clients}}',
          input: { path: 'e2e/map/he-{{index}}.txt', content: 'דוח עבור {{item}}' },
        },
      ],
    });
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans`);
    await pickOption(page, 'language-switch', 'עברית');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    const run = await client.runs.start({ workspaceId, planId });
    const dialog = page.getByTestId('map-approval-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getAttribute('data-count')).toBe('3');
    expect(await page.getByTestId('map-approval-summary').textContent()).toBe('3 פריטים של הצעד ממתינים לאישורך.');
    expect(await page.getByTestId('map-approve-all').textContent()).toBe('אישור הכל');
    expect(await page.getByTestId('map-approval-item-1').textContent()).toContain('דוח עבור גלובקס');
    // Right to left: the checkbox of an item is at its right end.
    const rowBox = await page.getByTestId('map-approval-item-0').boundingBox();
    const checkBox = await page.getByTestId('map-approval-check-0').boundingBox();
    expect(checkBox && rowBox ? checkBox.x - rowBox.x : 0).toBeGreaterThan((rowBox?.width ?? 0) / 2);
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'map-approval-dialog-he');
    await page.getByTestId('map-approve-all').click();
    await dialog.waitFor({ state: 'detached' });
    const detail = await waitForRunEnd(client, workspaceId, run.id);
    expect(detail.run.status).toBe('completed');
    expect((detail.items.write ?? []).map((item) => item.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
