import type { Browser } from 'playwright-core';
import type { TizmorClient } from '../../../engine/api';
import { launchBrowser } from './browser';
import { connectClient } from './contract';
import { makeDataDir, removeDataDir, startHost, type RunningHost } from './host';

/** What most browser tests start with: Chromium, a headless host on a fresh data folder, and a contract client of it. */
export interface BrowserSuite {
  browser: Browser;
  host: RunningHost;
  dataDir: string;
  client: TizmorClient;
  /** Closes the client, the browser and the host, and removes the data folder. */
  stop(): Promise<void>;
}

export async function startBrowserSuite(): Promise<BrowserSuite> {
  const dataDir = makeDataDir();
  const [browser, host] = await Promise.all([launchBrowser(), startHost(dataDir)]);
  const { client, close } = await connectClient(host);
  return {
    browser,
    host,
    dataDir,
    client,
    async stop() {
      close();
      await browser.close();
      await host.stop();
      removeDataDir(dataDir);
    },
  };
}
