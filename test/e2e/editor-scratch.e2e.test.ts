import { it } from 'vitest';
import { connectSteps, edgesOnCanvas, launchBrowser, openPage } from './helpers/browser';
import { addFromPalette, createPlanInUi, referenceMenuText } from './helpers/editor';
import { makeDataDir, removeDataDir, startHost } from './helpers/host';

it('scratch', async () => {
  const dataDir = makeDataDir();
  const [browser, host] = await Promise.all([launchBrowser(), startHost(dataDir)]);
  const { page, errors } = await openPage(browser, host.url);
  await createPlanInUi(page, 'x');
  await addFromPalette(page, 'search files', 'files.search', 'search');
  await addFromPalette(page, 'template', 'template', 'template');
  await addFromPalette(page, 'write a file', 'files.write', 'write');
  await page.waitForTimeout(1000);
  await page.getByTestId('step-node-template').click();
  console.log('MENU', await referenceMenuText(page, 'template'));
  await connectSteps(page, 'search', 'template');
  await connectSteps(page, 'template', 'write');
  await page.waitForTimeout(500);
  console.log('EDGES2', await edgesOnCanvas(page));
  const a = await page.getByTestId('step-source-template').boundingBox();
  const b = await page.getByTestId('step-target-write').boundingBox();
  console.log('BOXES', a, b);
  console.log('ERRORS', errors);
  await browser.close();
  await host.stop();
  removeDataDir(dataDir);
});
