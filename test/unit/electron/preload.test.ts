import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventNames, IPC_EVENT_CHANNEL, IPC_PREFIX, methodNames, packEvents, type TizmorBridge, type TizmorEvent } from '../../../engine/api';
import { fakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { contextBridge, ipcRenderer } = fakeElectron;
let bridge: TizmorBridge;

beforeAll(async () => {
  await import('../../../preload/index');
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, exposed] = contextBridge.exposeInMainWorld.mock.calls[0] as [string, TizmorBridge];
  expect(key).toBe('tizmor');
  bridge = exposed;
});

beforeEach(() => {
  ipcRenderer.invoke.mockClear();
  ipcRenderer.removeAllListeners();
});

/** Every function the page can reach on window.tizmor, as `group.verb` (or `on`). */
function exposedFunctions(value: TizmorBridge): string[] {
  return Object.entries(value).flatMap(([key, member]) =>
    typeof member === 'function' ? [key] : Object.keys(member).map((verb) => `${key}.${verb}`),
  );
}

describe('preload', () => {
  it('exposes exactly one function per contract method plus on, and nothing of ipcRenderer', () => {
    expect(exposedFunctions(bridge).sort()).toEqual([...methodNames, 'on'].sort());
    for (const name of methodNames) {
      const [group, verb] = name.split('.') as [string, string];
      expect(bridge[group]?.[verb]).toBeTypeOf('function');
    }
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipc|invoke|send/i);
  });

  it('calls the prefixed channel with the input and returns the envelope', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: ['plan'] });
    const reply = await bridge.plans!.list!({ workspaceId: 'w1' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(`${IPC_PREFIX}plans.list`, { workspaceId: 'w1' });
    expect(reply).toEqual({ ok: true, result: ['plan'] });

    for (const name of methodNames) {
      const [group, verb] = name.split('.') as [string, string];
      await bridge[group]![verb]!({});
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_PREFIX + name, {});
    }
  });

  it('delivers the payload of the named event only, until unsubscribed', () => {
    expect(eventNames).toContain('plan.changed');
    const listener = vi.fn();
    const unsubscribe = bridge.on('plan.changed', listener);
    const payload = { workspaceId: 'w1', planId: 'p1', change: 'created' };

    ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, { event: 'plan.changed', payload });
    ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, { event: 'settings.changed', payload: { workspaceId: 'w1', key: 'k' } });
    ipcRenderer.emit('tizmor:other', {}, { event: 'plan.changed', payload: 'wrong channel' });
    expect(listener.mock.calls).toEqual([[payload]]);

    unsubscribe();
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
    ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, { event: 'plan.changed', payload });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("delivers the host's text frames: one event, or a run's batch in order to each event's listeners", () => {
    const statuses = vi.fn();
    const changes = vi.fn();
    const stopStatuses = bridge.on('step.status', statuses);
    const stopChanges = bridge.on('plan.changed', changes);
    const step = (stepId: string) => ({ workspaceId: 'w1', runId: 'r1', stepId, status: 'running', attempt: 1, cacheHit: false, error: null });
    const batch = packEvents(['a', 'b'].map((stepId) => ({ event: 'step.status', payload: step(stepId) })) as TizmorEvent[]);
    ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, JSON.stringify(batch));
    ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, JSON.stringify({ event: 'plan.changed', payload: { workspaceId: 'w1', planId: 'p1', change: 'created' } }));
    ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, 'not json');
    expect(statuses.mock.calls).toEqual([[step('a')], [step('b')]]);
    expect(changes).toHaveBeenCalledTimes(1);
    stopStatuses();
    stopChanges();
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });

  it('keeps other subscriptions when one unsubscribes', () => {
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribeFirst = bridge.on('plan.changed', first);
    bridge.on('plan.changed', second);
    unsubscribeFirst();
    ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, { event: 'plan.changed', payload: 1 });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith(1);
  });
});
