import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildBridge, type Envelope } from '../engine/api/bridge';
import type { EventName } from '../engine/api/events';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, eventsOfFrame } from '../engine/api/wire';

/**
 * Exposes the contract as `window.tizmor`: one function per method and `on(event, listener)`.
 * `ipcRenderer` itself never crosses into the page; every channel used starts with `tizmor:`.
 */
function invoke(method: string, input: unknown): Promise<Envelope> {
  return ipcRenderer.invoke(IPC_PREFIX + method, input) as Promise<Envelope>;
}

type Listener = (payload: unknown) => void;
/** Subscriptions by event name; one relay on the channel serves them all. */
const listeners = new Map<string, Set<Listener>>();

/** A frame from the main process: the host's text frame (one event, or a run's batch), or an event object. */
function relay(_sender: IpcRendererEvent, frame: unknown): void {
  let raw = frame;
  if (typeof frame === 'string') {
    try {
      raw = JSON.parse(frame) as unknown;
    } catch {
      return;
    }
  }
  for (const { event, payload } of eventsOfFrame(raw) ?? []) {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        // Reported as uncaught, without losing the events after it (as the WebSocket transport does).
        setTimeout(() => {
          throw error;
        });
      }
    }
  }
}

function on(event: EventName, listener: Listener): () => void {
  let subscribed = listeners.get(event);
  if (!subscribed) listeners.set(event, (subscribed = new Set()));
  // Its own entry, so the same function subscribed twice is two subscriptions.
  const entry: Listener = (payload) => listener(payload);
  subscribed.add(entry);
  if (!ipcRenderer.listeners(IPC_EVENT_CHANNEL).includes(relay)) ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
  return () => {
    if (!subscribed.delete(entry)) return;
    if (subscribed.size === 0) listeners.delete(event);
    if (listeners.size === 0) ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
  };
}

contextBridge.exposeInMainWorld('tizmor', buildBridge(invoke, on));
