import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSteps, dragStep, edgesOnCanvas, launchBrowser, openPage, stepIdsOnCanvas } from './helpers/browser';
import { connectClient } from './helpers/contract';
import {
  addFromPalette,
  createPlanInUi,
  leftOf,
  pickReference,
  pickSelect,
  pressCommand,
  referenceMenuText,
  valueOf,
} from './helpers/editor';
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

describe('the plan editor', () => {
  it('builds a plan by hand: palette, connections, the schema form with references, live problems, a refused loop', async () => {
    const { page, context, errors } = await openPage(browser, host.url);
    await createPlanInUi(page, 'Monthly report');

    // The palette lists the catalog and finds agents by name or capability.
    await page.getByTestId('agent-palette-search').fill('compose');
    await page.getByTestId('palette-agent-template').waitFor();
    expect(await page.getByTestId('palette-agent-files.search').count()).toBe(0);
    await addFromPalette(page, 'search files', 'files.search', 'search');
    await addFromPalette(page, 'template', 'template', 'template');
    await addFromPalette(page, 'write a file', 'files.write', 'write');
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['search', 'template', 'write']);
    await page.getByTestId('unsaved-indicator').waitFor();

    // The node shows the agent, its risk and that it will ask for approval.
    const writeNode = page.getByTestId('step-node-write');
    expect(await writeNode.getByTestId('step-agent').textContent()).toBe('files.write');
    expect(await writeNode.getByTestId('step-risk').textContent()).toBe('writes');
    expect(await writeNode.getByTestId('step-approval').count()).toBe(1);
    expect(await page.getByTestId('step-node-search').getByTestId('step-approval').count()).toBe(0);

    // Live validation: the required query and path are missing; the problems list says so and the nodes are marked.
    await expect.poll(() => page.getByTestId('problems-count').textContent()).toBe('4');
    expect(await page.getByTestId('step-node-search').getByTestId('step-problem-marker').textContent()).toBe('1');
    await saveScreenshot(page, 'editor-problems-en');
    const problems = (await page.getByTestId('problems-list').textContent()) ?? '';
    expect(problems).toContain('input.query');
    expect(problems).toContain('input.path');

    // Clicking a problem selects its step and puts the cursor in the field concerned.
    await page.locator('[data-testid^="problem-item-"][data-step="search"]').click();
    await expect.poll(() => page.getByTestId('inspector-id').textContent()).toBe('search');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('input-field-query');
    await page.getByTestId('input-field-query').fill('december');
    // An invalid value is marked at its field and not kept.
    await page.getByTestId('input-field-maxResults').fill('0');
    await page.getByText('At least 1.').waitFor();
    await page.getByTestId('input-field-maxResults').fill('twenty');
    await page.getByText('This is not the right kind of value.').waitFor();
    await page.getByTestId('input-field-maxResults').fill('20');
    await expect.poll(() => page.getByText('This is not the right kind of value.').count()).toBe(0);

    // References offer only upstream steps: nothing before connecting, the search's output after.
    await page.getByTestId('step-node-template').click();
    expect(await referenceMenuText(page, 'template')).toContain('No step runs before this one');
    // The problem click centred the view on the search step; show the whole plan again.
    await page.locator('.react-flow__controls-fitview').click();
    await connectSteps(page, 'search', 'template');
    await connectSteps(page, 'template', 'write');
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['search->template', 'template->write']);
    const offered = await referenceMenuText(page, 'template');
    expect(offered).toContain('output.text');
    expect(offered).toContain('output.matches');
    expect(offered).not.toContain('write');
    await page.getByTestId('input-field-template').fill('Notes: ');
    await pickReference(page, 'template', 'search', 'text');
    await expect.poll(() => valueOf(page, 'input-field-template')).toBe('Notes: {{steps.search.output.text}}');

    // The write step: a string, a boolean, a reference to the step before, and the run settings.
    await page.getByTestId('step-node-write').click();
    await page.getByTestId('input-field-path').fill('reports/december.md');
    await pickReference(page, 'content', 'template', 'text');
    await page.getByTestId('input-field-append').check();
    await pickSelect(page, 'inspector-approval', 'Always ask');
    await page.getByTestId('inspector-retry-attempts').fill('3');
    await page.getByTestId('inspector-timeout').fill('90000');
    await page.getByText('Between 0.001 and 86400.').waitFor();
    await page.getByTestId('inspector-timeout').fill('30');
    await page.getByTestId('inspector-cache').check();
    await page.getByTestId('inspector-resources').fill('reports-folder');
    await page.getByTestId('inspector-resources').press('Enter');
    await expect.poll(() => page.getByTestId('problems-empty').textContent()).toContain('No problems');

    // The raw JSON mode shows the same input.
    await page.getByTestId('inspector-mode-json').click();
    const json = JSON.parse(await valueOf(page, 'inspector-input')) as Record<string, unknown>;
    expect(json).toEqual({ path: 'reports/december.md', content: '{{steps.template.output.text}}', append: true });
    await page.getByTestId('inspector-mode-form').click();

    // A loop is refused with a message, and the graph keeps its edges.
    await connectSteps(page, 'write', 'search');
    await page.getByTestId('canvas-message').waitFor();
    expect(await page.getByTestId('canvas-message').textContent()).toContain('loop');
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['search->template', 'template->write']);

    await page.getByTestId('step-node-template').click();
    await saveScreenshot(page, 'editor-inspector-en');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('undoes and redoes every kind of edit from one history that survives leaving the page', async () => {
    const { client, close } = await connectClient(host);
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const { plan } = await client.plans.create({
      workspaceId,
      title: 'Undo me',
      graph: {
        steps: [
          { id: 'wait', title: 'Wait a bit', agent: 'delay', input: { ms: 10 }, dependsOn: [] },
          { id: 'fill', title: 'Fill the text', agent: 'template', input: { template: 'hi' }, dependsOn: ['wait'] },
          { id: 'save', title: 'Save it', agent: 'files.write', input: { path: 'a.md', content: 'x' }, dependsOn: [] },
        ],
        layout: {},
      },
    });
    close();
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans/${plan.id}`);
    await page.getByTestId('step-node-save').waitFor();
    expect(await page.getByTestId('undo').isDisabled()).toBe(true);

    // Connect, then undo and redo with the keyboard.
    await connectSteps(page, 'fill', 'save');
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['fill->save', 'wait->fill']);
    await pressCommand(page, 'z');
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['wait->fill']);
    await page.getByTestId('saved-indicator').waitFor();
    await pressCommand(page, 'Shift+z');
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['fill->save', 'wait->fill']);

    // An inspector change: typing a title is one undo step.
    await page.getByTestId('step-node-fill').click();
    await page.getByTestId('inspector-title').fill('Fill the greeting');
    await expect.poll(() => page.getByTestId('step-node-fill').getByTestId('step-title').textContent()).toBe('Fill the greeting');
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('step-node-fill').getByTestId('step-title').textContent()).toBe('Fill the text');
    await expect.poll(() => valueOf(page, 'inspector-title')).toBe('Fill the text');
    await page.getByTestId('redo').click();
    await expect.poll(() => valueOf(page, 'inspector-title')).toBe('Fill the greeting');

    // Move: dragging is undone back to where the step was.
    const before = await page.getByTestId('step-node-save').boundingBox();
    await dragStep(page, 'save', { x: 0, y: 140 });
    await expect.poll(async () => (await page.getByTestId('step-node-save').boundingBox())!.y - before!.y).toBeGreaterThan(80);
    await page.getByTestId('undo').click();
    await expect.poll(async () => Math.abs((await page.getByTestId('step-node-save').boundingBox())!.y - before!.y)).toBeLessThan(2);

    // Delete with the keyboard: the step and its edges come back together.
    await page.getByTestId('step-node-fill').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['wait', 'save']);
    await expect.poll(() => edgesOnCanvas(page)).toEqual([]);
    await pressCommand(page, 'z');
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['wait', 'fill', 'save']);
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['fill->save', 'wait->fill']);

    // Multi-select, copy and paste: new ids, the edge between the copies kept; undo takes the paste back.
    await page.getByTestId('step-node-wait').click();
    await page.getByTestId('step-node-fill').click({ modifiers: ['Control'] });
    await page.getByTestId('inspector-many').waitFor();
    expect(await page.getByTestId('inspector-many').textContent()).toContain('2 steps selected');
    await pressCommand(page, 'c');
    await pressCommand(page, 'v');
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['wait', 'fill', 'save', 'wait-copy', 'fill-copy']);
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['fill->save', 'wait->fill', 'wait-copy->fill-copy']);
    await page.getByTestId('undo').click();
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['wait', 'fill', 'save']);

    // Auto layout (a new step from the palette first, placed after the selection), undone as one step.
    await page.getByTestId('step-node-save').click();
    await addFromPalette(page, 'wait', 'delay', 'delay');
    await page.getByTestId('auto-layout').click();
    // wait was left of fill before the layout too: the whole row is what shows the layout has been applied.
    await expect
      .poll(async () => {
        const [wait, fill, save] = await Promise.all([leftOf(page, 'step-node-wait'), leftOf(page, 'step-node-fill'), leftOf(page, 'step-node-save')]);
        return wait < fill && fill < save;
      })
      .toBe(true);
    await page.getByTestId('auto-layout-menu').click();
    await page.getByTestId('layout-direction-tb').click();
    await expect.poll(async () => {
      const [wait, fill] = await Promise.all([page.getByTestId('step-node-wait').boundingBox(), page.getByTestId('step-node-fill').boundingBox()]);
      return wait!.y < fill!.y && Math.abs(wait!.x - fill!.x) < 150;
    }).toBe(true);
    await page.getByTestId('undo').click();
    await expect.poll(async () => (await leftOf(page, 'step-node-wait')) < (await leftOf(page, 'step-node-fill'))).toBe(true);

    // The history is the plan's for the whole session: leave the page, come back, undo the palette add.
    await page.getByTestId('nav-agents').click();
    await page.getByTestId('agents-list').waitFor();
    await page.goBack();
    await page.getByTestId('step-node-delay').waitFor();
    await page.getByTestId('undo').click();
    await page.getByTestId('undo').click();
    await expect.poll(() => stepIdsOnCanvas(page)).toEqual(['wait', 'fill', 'save']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens a 1,000-step plan drawing only what is on screen', async () => {
    const { client, close } = await connectClient(host);
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const steps = Array.from({ length: 1000 }, (_, index) => ({
      id: `s${index}`,
      title: `Step ${index}`,
      agent: 'delay',
      input: { ms: 1 },
      dependsOn: index < 10 ? [] : [`s${index - 10}`],
    }));
    const { plan } = await client.plans.create({ workspaceId, title: 'Big', graph: { steps, layout: {} } });
    close();
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans/${plan.id}`);
    await page.locator('[data-testid^="step-node-"]').first().waitFor();
    const drawn = await page.locator('[data-testid^="step-node-"]').count();
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(1000);
    expect(errors).toEqual([]);
    await context.close();
  });
});
