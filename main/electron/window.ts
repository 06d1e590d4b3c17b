import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import type { AppLocations } from './locations';
import { hardenWebContents } from './security';

/** The main window's options: an isolated, sandboxed renderer with no Node and full web security. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Tizmor',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Creates the main window, hardens it and loads the built renderer from disk. */
export async function createMainWindow(locations: AppLocations): Promise<BrowserWindow> {
  const window = new BrowserWindow(mainWindowOptions(locations.preloadPath));
  hardenWebContents(window.webContents, locations.rendererIndexUrl);
  window.once('ready-to-show', () => window.show());
  await window.loadFile(locations.rendererIndexPath);
  return window;
}
