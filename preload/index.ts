import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildBridge, type Envelope } from '../engine/api/bridge';
import type { EventName } from '../engine/api/events';
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from '../engine/api/wire';

/**
 * Exposes the contract as `window.tizmor`: one function per method and `on(event, listener)`.
 * `ipcRenderer` itself never crosses into the page; every channel used starts with `tizmor:`.
 */
function invoke(method: string, input: unknown): Promise<Envelope> {
  return ipcRenderer.invoke(IPC_PREFIX + method, input) as Promise<Envelope>;
}

function on(event: EventName, listener: (payload: unknown) => void): () => void {
  const relay = (_sender: IpcRendererEvent, frame: { event?: unknown; payload?: unknown } | undefined) => {
    if (frame?.event === event) listener(frame.payload);
  };
  ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
  return () => {
    ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
  };
}

contextBridge.exposeInMainWorld('tizmor', buildBridge(invoke, on));
