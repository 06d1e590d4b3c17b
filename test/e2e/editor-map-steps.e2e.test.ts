import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TizmorClient } from '../../engine/api';
import { edgesOnCanvas, openPage, pickOption } from './helpers/browser';
import { pressCommand, referenceMenuText, valueOf } from './helpers/editor';
import type { RunningHost } from './helpers/host';
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

/** search finds client files; save writes one file per match once it is a map step; summary reads them all. */
async function createClientsPlan(title: string): Promise<string> {
  const { defaultWorkspaceId: workspaceId } = await client.system.status({});
  const { plan } = await client.plans.create({
    workspaceId,
    title,
    message: 'For the map step tests',
    graph: {
      steps: [
        { id: 'search', title: 'Find client files', agent: 'files.search', input: { query: 'client' }, dependsOn: [] },
        { id: 'save', title: 'Save a note per client', agent: 'files.write', input: { path: 'notes/client.md', content: 'Checked' }, dependsOn: ['search'] },
        { id: 'summary', title: 'Summarize all notes', agent: 'llm.summarize', input: { text: 'Notes: {{steps.save.output}}' }, dependsOn: ['save'] },
      ],
      layout: {},
    },
  });
  return plan.id;
}

describe('map steps in the editor', () => {
  it('makes a step a map step over an upstream list, draws it stacked with a "for each" edge, checks {{item}}, undoes and redoes', async () => {
    const planId = await createClientsPlan('Notes per client');
    const { page, context, errors } = await openPage(browser, `${host.url}#/plans/${planId}`);
    await page.getByTestId('step-node-save').waitFor();
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['save->summary', 'search->save']);
    const save = page.getByTestId('step-node-save');
    expect(await save.getAttribute('data-map')).toBeNull();

    // {{item}} in a plain step is marked at its field at once, and by the linter.
    await save.click();
    await page.getByTestId('input-field-path').fill('notes/{{index}}.md');
    await expect.poll(() => page.getByTestId('inspector').textContent()).toContain('only work in a step that runs for each item');
    await expect.poll(() => page.getByTestId('problems-list').textContent()).toContain('only a step with forEach has');
    expect(await referenceMenuText(page, 'content')).not.toContain('The current item');

    // The "For each" picker offers upstream lists only: the search's matches, not its text.
    await page.getByTestId('for-each-picker').click();
    await page.getByTestId('reference-option-search-matches').waitFor();
    expect(await page.getByTestId('reference-option-search-text').count()).toBe(0);
    await page.getByTestId('reference-option-search-matches').click();
    await expect.poll(() => valueOf(page, 'inspector-for-each')).toBe('{{steps.search.output.matches}}');

    // Now a map step: stacked, with a badge; its list comes in on the dependency edge, dashed and labelled, not twice.
    await expect.poll(() => save.getAttribute('data-map')).toBe('true');
    expect(await save.getByTestId('step-map-badge').textContent()).toBe('for each');
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['save->summary', 'search->save']);
    const listEdge = page.locator('.react-flow__edge[data-id="search->save"]');
    expect(await listEdge.getAttribute('class')).toContain('for-each-edge');
    expect(await listEdge.textContent()).toContain('for each');
    expect(await page.locator('.react-flow__edge[data-id="save->summary"]').getAttribute('class')).not.toContain('for-each-edge');
    const dash = await listEdge.locator('.react-flow__edge-path').evaluate((path) => getComputedStyle(path).strokeDasharray);
    expect(dash).not.toBe('none');
    // The item problem is gone; the picker offers the item and its fields.
    await expect.poll(() => page.getByTestId('problems-empty').count()).toBe(1);
    await page.getByTestId('reference-picker-content').click();
    await page.getByTestId('reference-group-item').waitFor();
    expect(await page.getByTestId('reference-group-item').textContent()).toContain('item.path');
    await page.getByTestId('reference-option-item-path').click();
    await expect.poll(() => valueOf(page, 'input-field-content')).toContain('{{item.path}}');

    // Concurrency, a guard and collected failures.
    await page.getByTestId('inspector-concurrency').fill('3');
    await page.getByTestId('inspector-max-items').fill('0');
    await page.getByText('Between 1 and 100000.').waitFor();
    await page.getByTestId('inspector-max-items').fill('50');
    await pickOption(page, 'inspector-on-item-error', 'Collect failures and go on');
    await page.getByText('place in the output says it failed').waitFor();

    // A list that is not upstream: said at the field, the edge drawn red and on its own, and by the linter.
    await page.getByTestId('inspector-for-each').fill('{{steps.summary.output.text}}');
    await expect.poll(() => page.getByTestId('inspector-map-settings').textContent()).toContain('does not run before this step');
    await expect.poll(() => page.locator('.react-flow__edge[data-id="foreach:summary->save"]').getAttribute('class')).toContain('is-broken');
    await expect.poll(() => page.getByTestId('problems-list').textContent()).toContain('not upstream');
    // Clicking the problem puts the cursor in the "For each" field.
    await page.locator('[data-testid^="problem-item-"][data-step="save"]').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('inspector-for-each');
    // Not one reference: refused at the field and not kept.
    await page.getByTestId('inspector-for-each').fill('clients');
    await page.getByText('Write one reference to a list').waitFor();
    await page.getByTestId('inspector-for-each').fill('{{steps.search.output.matches}}');
    await expect.poll(() => edgesOnCanvas(page)).toEqual(['save->summary', 'search->save']);
    await expect.poll(() => page.getByTestId('problems-empty').count()).toBe(1);

    await page.locator('.react-flow__controls-fitview').click();
    await page.waitForTimeout(400);
    await saveScreenshot(page, 'editor-map-step-en');

    // Undo takes the map step apart edit by edit; redo puts it back.
    for (let presses = 0; presses < 20 && (await save.getAttribute('data-map')) === 'true'; presses++) await pressCommand(page, 'z');
    expect(await save.getAttribute('data-map')).toBeNull();
    expect(await page.locator('.react-flow__edge[data-id="search->save"]').getAttribute('class')).not.toContain('for-each-edge');
    await pressCommand(page, 'Shift+z');
    await expect.poll(() => save.getAttribute('data-map')).toBe('true');
    for (let presses = 0; presses < 20 && (await page.getByTestId('redo').isEnabled()); presses++) await pressCommand(page, 'Shift+z');
    await save.click();
    await expect.poll(() => valueOf(page, 'inspector-concurrency')).toBe('3');
    expect(await valueOf(page, 'inspector-for-each')).toBe('{{steps.search.output.matches}}');

    // Copy and paste the list's step with the map step: the copy goes over the pasted list.
    await page.getByTestId('step-node-search').click();
    await save.click({ modifiers: ['Control'] });
    await pressCommand(page, 'c');
    await pressCommand(page, 'v');
    await page.getByTestId('step-node-save-copy').waitFor();
    expect(await page.getByTestId('step-node-save-copy').getAttribute('data-map')).toBe('true');
    // The pasted steps are the selection; show the map step alone.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.getByTestId('step-node-save-copy').click();
    await expect.poll(() => valueOf(page, 'inspector-for-each')).toBe('{{steps.search-copy.output.matches}}');
    expect(await page.locator('.react-flow__edge[data-id="search-copy->save-copy"]').getAttribute('class')).toContain('for-each-edge');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a map step right to left in Hebrew', async () => {
    const planId = await createClientsPlan('הערות לכל לקוח');
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const { version } = await client.plans.get({ workspaceId, planId });
    await client.plans.saveVersion({
      workspaceId,
      planId,
      message: 'map',
      graph: {
        ...version.graph,
        steps: version.graph.steps.map((step) =>
          step.id === 'save' ? { ...step, forEach: '{{steps.search.output.matches}}', input: { path: 'notes/{{index}}.md', content: '{{item.text}}' } } : step,
        ),
      },
    });
    const { page, context, errors } = await openPage(browser, host.url);
    await pickOption(page, 'language-switch', 'עברית');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.goto(`${host.url}#/plans/${planId}`);
    const save = page.getByTestId('step-node-save');
    await save.waitFor();
    await expect.poll(() => save.getAttribute('data-map')).toBe('true');
    expect(await save.getByTestId('step-map-badge').textContent()).toBe('לכל פריט');
    expect(await page.locator('.react-flow__edge[data-id="search->save"]').textContent()).toContain('לכל פריט');
    // The cards behind the stack go toward the reading end: to the left in Hebrew.
    const shadow = await save.evaluate((node) => getComputedStyle(node).boxShadow);
    expect(shadow).toMatch(/-5px 5px/);
    await save.click();
    await expect.poll(() => page.getByTestId('inspector-map-settings').textContent()).toContain('לכל פריט');
    await pickOption(page, 'inspector-on-item-error', 'לאסוף כשלונות ולהמשיך');
    await page.locator('.react-flow__controls-fitview').click();
    await page.waitForTimeout(400);
    await saveScreenshot(page, 'editor-map-step-he');
    expect(errors).toEqual([]);
    await context.close();
  });
});
