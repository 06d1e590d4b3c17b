import { join } from 'node:path';
import { app, BrowserWindow, dialog, Notification, safeStorage, session } from 'electron';
import { openEngine, type Engine, type EngineOptions } from '../../engine/engine';
import { resolveDataDir } from './data-dir';
import { registerEngineIpc } from './ipc';
import { appLocations } from './locations';
import { denyAllPermissions, installContentSecurityPolicy } from './security';
import { safeStorageSecrets, SECRETS_FILE } from './secrets';
import { createMainWindow } from './window';
import { announceApprovals } from './approval-notifier';
import { startHooksServer, type HooksServer } from '../server/hooks-server';

/**
 * The Electron host: one instance per data folder, the engine opened in this process,
 * the contract served over IPC to one sandboxed window, the engine closed on quit.
 */
const locations = appLocations(import.meta.dirname);
const { dataDir, explicit } = resolveDataDir(process.argv, process.env, () => app.getPath('userData'));
// Chromium's own storage and the single-instance lock follow a chosen data folder, so two
// instances with different folders (a test and a person, say) do not collide.
if (explicit) app.setPath('userData', dataDir);

let engine: Engine | undefined;
let disposeIpc: (() => void) | undefined;
let mainWindow: BrowserWindow | undefined;
let hooks: HooksServer | undefined;
let stopAnnouncing: (() => void) | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (engine && BrowserWindow.getAllWindows().length === 0) openMainWindow().catch(fail);
  });
  app.on('will-quit', shutDown);
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  // `npm start` builds better-sqlite3 for Electron's ABI beside the Node build and names it in
  // TIZMOR_SQLITE_BINDING; a packaged app has it rebuilt in place, so the variable is unset.
  const options: EngineOptions = {
    dataDir,
    host: 'electron',
    appVersion: app.getVersion(),
    log: (line) => console.error(line),
    sqliteNativeBinding: process.env.TIZMOR_SQLITE_BINDING || undefined,
    recoverRuns: true,
    secrets: safeStorageSecrets({ safeStorage, file: join(app.getPath('userData'), SECRETS_FILE) }),
    // Triggers: the `notify` agent and run notifications become desktop notifications.
    triggers: { notifier: { kind: 'desktop', notify: ({ title, body }) => Notification.isSupported() && new Notification({ title, body }).show() } },
  };
  engine = openEngine(options);
  // Schedules fire while the app runs, catching up first on what they missed while it was closed.
  engine.triggers.start();
  installContentSecurityPolicy(session.defaultSession);
  denyAllPermissions(session.defaultSession);
  disposeIpc = registerEngineIpc(engine, locations.rendererIndexUrl);
  await startWebhooks(engine);
  // A pending approval is announced on the desktop when the window is in the background.
  stopAnnouncing = announceApprovals({
    onEvent: (listener) => (engine ? engine.onEvent(listener) : () => undefined),
    isFocused: () => mainWindow?.isFocused() ?? false,
    notify: (title, body, onClick) => {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body });
      notification.on('click', onClick);
      notification.show();
    },
    focus: focusMainWindow,
  });
  await openMainWindow();
}

/** The port incoming webhooks reach the desktop app on (127.0.0.1 only); TIZMOR_HOOKS_PORT changes it. */
const DEFAULT_HOOKS_PORT = 47_210;

/** Listens for signed webhooks; a taken port is told in the log and the app goes on without them. */
async function startWebhooks(current: Engine): Promise<void> {
  const port = Number(process.env.TIZMOR_HOOKS_PORT ?? DEFAULT_HOOKS_PORT);
  try {
    hooks = await startHooksServer({ engine: current, port, log: (line) => console.error(line) });
    console.error(`Tizmor webhooks at ${hooks.baseUrl}<triggerId>`);
  } catch (error) {
    console.error(`Webhooks are off: port ${port} could not be opened (${error instanceof Error ? error.message : String(error)}). Set TIZMOR_HOOKS_PORT to another port.`);
  }
}

async function openMainWindow(): Promise<void> {
  const window = await createMainWindow(locations);
  mainWindow = window;
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function shutDown(): void {
  stopAnnouncing?.();
  stopAnnouncing = undefined;
  void hooks?.close();
  hooks = undefined;
  disposeIpc?.();
  disposeIpc = undefined;
  engine?.close();
  engine = undefined;
}

/** A failure before the window shows (a locked or damaged data folder, a missing build) is told, not swallowed. */
function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error);
  dialog.showErrorBox('Tizmor could not start', `${message}\n\nData folder: ${dataDir}`);
  shutDown();
  app.exit(1);
}
