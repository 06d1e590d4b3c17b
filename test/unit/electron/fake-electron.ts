import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A test double of the parts of the `electron` module the host and the preload use,
 * swapped in with `vi.mock('electron', ...)`. It records what the code under test asked for.
 */

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a handler the way Electron does for `ipcRenderer.invoke` from a frame at `url`. */
  async invoke(channel: string, input: unknown, frame: { url: string; parent: unknown } | null): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame }, input);
  }
}

export class FakeWebContents extends EventEmitter {
  url = '';
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly sent: { channel: string; payload: unknown }[] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  /** Emits a cancellable navigation-like event and tells whether the listener cancelled it. */
  tryEvent(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  destroyed = false;
  loadedFile: string | undefined;
  constructor(readonly options: unknown) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return [...FakeBrowserWindow.instances];
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  async loadFile(path: string): Promise<void> {
    this.loadedFile = path;
  }
  show(): void {}
}

export class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn(async (_channel: string, _input: unknown): Promise<unknown> => ({ ok: true, result: null }));
}

export const fakeElectron = {
  ipcMain: new FakeIpcMain(),
  ipcRenderer: new FakeIpcRenderer(),
  BrowserWindow: FakeBrowserWindow,
  contextBridge: { exposeInMainWorld: vi.fn() },
};

export function resetFakeElectron(): void {
  fakeElectron.ipcMain.handlers.clear();
  fakeElectron.ipcRenderer.removeAllListeners();
  fakeElectron.ipcRenderer.invoke.mockClear();
  fakeElectron.contextBridge.exposeInMainWorld.mockClear();
  FakeBrowserWindow.instances = [];
}
