import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (path): path is string => Boolean(path),
  );
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error('No Chromium found: apt-get install -y chromium, or set CHROMIUM_PATH.');
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
}

/** A page with its own storage, and the errors it logged (uncaught exceptions, console errors such as CSP refusals). */
export interface TestPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function openPage(browser: Browser, url: string): Promise<TestPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  return { context, page, errors };
}

/** Picks an option of a Mantine Select by its visible label. */
export async function pickOption(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

/** The centre of an element, in page pixels, once it has stopped moving (the canvas may still be fitting its view). */
async function centreOf(page: Page, testId: string): Promise<{ x: number; y: number }> {
  let last = '';
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const box = await page.getByTestId(testId).boundingBox();
    if (!box) throw new Error(`${testId} is not on screen`);
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const key = `${centre.x.toFixed(1)},${centre.y.toFixed(1)}`;
    if (key === last) return centre;
    last = key;
    await page.waitForTimeout(50);
  }
  throw new Error(`${testId} kept moving`);
}

/** Drags from a step's source handle to another step's target handle, as a person would. */
export async function connectSteps(page: Page, source: string, target: string): Promise<void> {
  const from = await centreOf(page, `step-source-${source}`);
  const to = await centreOf(page, `step-target-${target}`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2 + 20, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/** Clicks the middle of the edge from one step to another (halfway between the two handles). */
export async function clickEdge(page: Page, source: string, target: string): Promise<void> {
  const from = await centreOf(page, `step-source-${source}`);
  const to = await centreOf(page, `step-target-${target}`);
  await page.mouse.click((from.x + to.x) / 2, (from.y + to.y) / 2);
}

/** Drags a step node by the given offset, in page pixels. */
export async function dragStep(page: Page, stepId: string, by: { x: number; y: number }): Promise<void> {
  const from = await centreOf(page, `step-node-${stepId}`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + by.x / 2, from.y + by.y / 2, { steps: 5 });
  await page.mouse.move(from.x + by.x, from.y + by.y, { steps: 5 });
  await page.mouse.up();
}

/** The top edge of an element, in page pixels. */
export async function topOf(page: Page, testId: string): Promise<number> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not on screen`);
  return box.y;
}

/** The id of the step nodes on the canvas, in document order. */
export async function stepIdsOnCanvas(page: Page): Promise<string[]> {
  const ids = await page.locator('[data-testid^="step-node-"]').evaluateAll((nodes) =>
    nodes.map((node) => node.getAttribute('data-testid') ?? ''),
  );
  return ids.map((id) => id.replace(/^step-node-/, ''));
}

/** The dependency edges on the canvas, as `source->target`. */
export async function edgesOnCanvas(page: Page): Promise<string[]> {
  const ids = await page.locator('.react-flow__edge').evaluateAll((edges) => edges.map((edge) => edge.getAttribute('data-id') ?? ''));
  return ids.sort();
}
