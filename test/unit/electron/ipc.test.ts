import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, eventsOfFrame, methodNames, type Handlers, type TizmorEvent } from '../../../engine/api';
import { createDispatcher } from '../../../engine/rpc/dispatcher';
import { registerEngineIpc } from '../../../main/electron/ipc';
import { appLocations, isTrustedSender } from '../../../main/electron/locations';
import { FakeBrowserWindow, fakeElectron, resetFakeElectron } from './fake-electron';
import { createFakeEngine } from './fake-engine';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { rendererIndexUrl } = appLocations('/opt/tizmor/out/main');
const ourFrame = { url: `${rendererIndexUrl}#/plans`, parent: null };
const ipc = fakeElectron.ipcMain;
const planChanged: TizmorEvent = {
  event: 'plan.changed',
  payload: { workspaceId: 'w1', planId: 'p1', change: 'created' },
};

beforeEach(resetFakeElectron);

describe('isTrustedSender', () => {
  it('accepts our renderer index with any route in the hash or query', () => {
    expect(isTrustedSender(rendererIndexUrl, rendererIndexUrl)).toBe(true);
    expect(isTrustedSender(`${rendererIndexUrl}#/runs/1`, rendererIndexUrl)).toBe(true);
    expect(isTrustedSender(`${rendererIndexUrl}?lang=he`, rendererIndexUrl)).toBe(true);
  });

  it('refuses other files, other schemes, lookalikes and garbage', () => {
    for (const url of [
      'file:///opt/tizmor/out/renderer/other.html',
      'file:///etc/passwd',
      'file://evil-host/opt/tizmor/out/renderer/index.html',
      'https://evil.example/opt/tizmor/out/renderer/index.html',
      'http://127.0.0.1:5173/',
      'devtools://devtools/bundled/index.html',
      'not a url',
      '',
      undefined,
    ]) {
      expect(isTrustedSender(url, rendererIndexUrl), String(url)).toBe(false);
    }
  });
});

describe('registerEngineIpc', () => {
  it('registers one handler per contract method and nothing else', () => {
    registerEngineIpc(createFakeEngine(), rendererIndexUrl);
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map((name) => IPC_PREFIX + name).sort());
  });

  it('answers calls from anything but our top-level renderer frame with unauthorized, without reaching the engine', async () => {
    const engine = createFakeEngine();
    registerEngineIpc(engine, rendererIndexUrl);
    const strangers = [
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///tmp/downloaded.html', parent: null },
      { url: rendererIndexUrl, parent: { url: rendererIndexUrl } },
      null,
    ];
    for (const frame of strangers) {
      const reply = await ipc.invoke(`${IPC_PREFIX}plans.list`, { workspaceId: 'w1' }, frame);
      expect(reply).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(engine.dispatch).not.toHaveBeenCalled();
  });

  it('passes a call from our renderer to the engine and returns its envelope as is', async () => {
    const engine = createFakeEngine();
    registerEngineIpc(engine, rendererIndexUrl);
    const reply = await ipc.invoke(`${IPC_PREFIX}plans.list`, { workspaceId: 'w1' }, ourFrame);
    expect(engine.dispatch).toHaveBeenCalledWith('plans.list', { workspaceId: 'w1' });
    expect(reply).toEqual({ ok: true, result: { from: 'engine' } });
  });

  it("returns the contract's bad_input error for invalid input instead of failing the call", async () => {
    // Only the validation matters here, so every handler is the same stub.
    const handlers = Object.fromEntries(methodNames.map((name) => [name, async () => ({ handled: name })])) as unknown as Handlers;
    registerEngineIpc(createFakeEngine(createDispatcher(handlers)), rendererIndexUrl);

    const bad = await ipc.invoke(`${IPC_PREFIX}workspaces.create`, { name: 42 }, ourFrame);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input', details: [{ path: 'name' }] } });

    const good = await ipc.invoke(`${IPC_PREFIX}workspaces.create`, { name: 'Home' }, ourFrame);
    expect(good).toEqual({ ok: true, result: { handled: 'workspaces.create' } });
  });

  it('still answers with an envelope if the engine breaks its promise never to throw', async () => {
    registerEngineIpc(
      createFakeEngine(async () => {
        throw new Error('disk on fire');
      }),
      rendererIndexUrl,
    );
    const reply = await ipc.invoke(`${IPC_PREFIX}system.status`, {}, ourFrame);
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
  });

  it('forwards engine events to our live windows only', () => {
    const engine = createFakeEngine();
    registerEngineIpc(engine, rendererIndexUrl);
    const ours = new FakeBrowserWindow({});
    ours.webContents.url = `${rendererIndexUrl}#/plans`;
    const closed = new FakeBrowserWindow({});
    closed.webContents.url = rendererIndexUrl;
    closed.destroyed = true;
    const foreign = new FakeBrowserWindow({});
    foreign.webContents.url = 'https://evil.example/';

    engine.emit(planChanged);

    // The WebSocket host's text frames: an event that is not part of a run's stream goes alone and at once.
    expect(ours.webContents.sent).toEqual([{ channel: IPC_EVENT_CHANNEL, payload: JSON.stringify(planChanged) }]);
    expect(closed.webContents.sent).toEqual([]);
    expect(foreign.webContents.sent).toEqual([]);
  });

  it("sends a commit's run events as one batch frame, once the code that emitted them returns", async () => {
    const engine = createFakeEngine();
    registerEngineIpc(engine, rendererIndexUrl);
    const window = new FakeBrowserWindow({});
    window.webContents.url = rendererIndexUrl;
    const steps: TizmorEvent[] = ['a', 'b', 'c'].map((stepId) => ({
      event: 'step.status',
      payload: { workspaceId: 'w1', runId: 'r1', stepId, status: 'succeeded', attempt: 1, cacheHit: false, error: null },
    }));
    for (const event of steps) engine.emit(event);
    expect(window.webContents.sent).toEqual([]);
    await Promise.resolve();
    expect(window.webContents.sent).toHaveLength(1);
    const [frame] = window.webContents.sent as { channel: string; payload: string }[];
    expect(frame?.channel).toBe(IPC_EVENT_CHANNEL);
    expect(JSON.parse(frame?.payload ?? '')).toHaveProperty('batch');
    expect(eventsOfFrame(JSON.parse(frame?.payload ?? ''))).toEqual(steps);
  });

  it('returns a disposer that removes every handler and stops forwarding events', async () => {
    const engine = createFakeEngine();
    const dispose = registerEngineIpc(engine, rendererIndexUrl);
    const window = new FakeBrowserWindow({});
    window.webContents.url = rendererIndexUrl;

    dispose();

    expect(ipc.handlers.size).toBe(0);
    expect(engine.listenerCount()).toBe(0);
    engine.emit(planChanged);
    expect(window.webContents.sent).toEqual([]);
    await expect(ipc.invoke(`${IPC_PREFIX}plans.list`, {}, ourFrame)).rejects.toThrow(/No handler/);
    // A second registration (a reopened host) works after disposal.
    expect(() => registerEngineIpc(engine, rendererIndexUrl)).not.toThrow();
  });
});
