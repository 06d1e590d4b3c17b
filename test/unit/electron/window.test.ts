import type { Session } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appLocations } from '../../../main/electron/locations';
import {
  CONTENT_SECURITY_POLICY,
  denyAllPermissions,
  installContentSecurityPolicy,
} from '../../../main/electron/security';
import { createMainWindow, mainWindowOptions } from '../../../main/electron/window';
import { FakeBrowserWindow, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const locations = appLocations('/opt/tizmor/out/main');

beforeEach(resetFakeElectron);

async function openWindow(): Promise<FakeBrowserWindow> {
  await createMainWindow(locations);
  const [window] = FakeBrowserWindow.instances;
  if (!window) throw new Error('no window was created');
  return window;
}

/** A session double recording the handlers the host installs. */
function fakeSession() {
  const recorded: {
    onHeadersReceived?: (details: { responseHeaders?: Record<string, string[]> }, callback: (response: unknown) => void) => void;
    request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
    check?: (contents: unknown, permission: string) => boolean;
  } = {};
  const session = {
    webRequest: { onHeadersReceived: (listener: typeof recorded.onHeadersReceived) => (recorded.onHeadersReceived = listener) },
    setPermissionRequestHandler: (handler: typeof recorded.request) => (recorded.request = handler),
    setPermissionCheckHandler: (handler: typeof recorded.check) => (recorded.check = handler),
  };
  // The double implements only what the host calls on a session.
  return { session: session as unknown as Session, recorded };
}

describe('main window', () => {
  it('isolates and sandboxes the renderer, with no Node and full web security', () => {
    const preferences = mainWindowOptions(locations.preloadPath).webPreferences;
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(preferences?.preload).toBe('/opt/tizmor/out/preload/index.cjs');
    expect(preferences).not.toHaveProperty('experimentalFeatures');
  });

  it('is created with those options and loads the built renderer from disk', async () => {
    const window = await openWindow();
    expect(window.options).toEqual(mainWindowOptions(locations.preloadPath));
    expect(window.loadedFile).toBe('/opt/tizmor/out/renderer/index.html');
  });

  it('refuses to navigate or redirect anywhere but our renderer', async () => {
    const { webContents } = await openWindow();
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(webContents.tryEvent(event, 'https://evil.example/'), event).toBe(true);
      expect(webContents.tryEvent(event, 'file:///etc/passwd'), event).toBe(true);
      expect(webContents.tryEvent(event, `${locations.rendererIndexUrl}#/plans`), event).toBe(false);
    }
  });

  it('opens no new windows and attaches no webviews', async () => {
    const { webContents } = await openWindow();
    expect(webContents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(webContents.openHandler?.({ url: locations.rendererIndexUrl })).toEqual({ action: 'deny' });
    expect(webContents.tryEvent('will-attach-webview', {}, {})).toBe(true);
  });
});

describe('session', () => {
  it('denies every permission request and check', () => {
    const { session, recorded } = fakeSession();
    denyAllPermissions(session);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      recorded.request?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(recorded.check?.({}, permission)).toBe(false);
    }
    expect(recorded.request).toBeTypeOf('function');
  });

  it('adds a Content-Security-Policy without eval or inline scripts, keeping the other headers', () => {
    const { session, recorded } = fakeSession();
    installContentSecurityPolicy(session);
    const callback = vi.fn();
    recorded.onHeadersReceived?.({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/(^|; )default-src 'none'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/(^|; )object-src 'none'(;|$)/);
  });
});
