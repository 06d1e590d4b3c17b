import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, methodNames, toErrorShape, type Envelope } from '../../engine/api';
import type { Engine } from '../../engine/engine';
import { createEventQueue } from '../shared/event-frames';
import { isTrustedSender } from './locations';

/** The part of the engine the IPC bridge uses. */
export type EngineChannel = Pick<Engine, 'dispatch' | 'onEvent'>;

const UNAUTHORIZED: Envelope = {
  ok: false,
  error: { code: 'unauthorized', message: 'Only the Tizmor window may call the engine.' },
};

/**
 * Serves the contract over Electron IPC: one `ipcMain.handle('tizmor:<method>')` per contract
 * method, answered only for frames showing our renderer, and every engine event pushed to our
 * windows on {@link IPC_EVENT_CHANNEL} as the same text frames the WebSocket host sends: a run's
 * events of one commit as one compact batch (a fast run emits thousands a second; a message each
 * would cost both processes far more than the data), every other event alone and at once.
 * Returns a disposer that removes all of it.
 */
export function registerEngineIpc(engine: EngineChannel, rendererIndexUrl: string): () => void {
  const channels = methodNames.map((method) => {
    const channel = IPC_PREFIX + method;
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedFrame(event, rendererIndexUrl)) return UNAUTHORIZED;
      return dispatchSafely(engine, method, input);
    });
    return channel;
  });

  const events = createEventQueue(
    (text) => {
      for (const window of BrowserWindow.getAllWindows()) {
        if (window.isDestroyed()) continue;
        const contents = window.webContents;
        if (isTrustedSender(contents.getURL(), rendererIndexUrl)) contents.send(IPC_EVENT_CHANNEL, text);
      }
    },
    queueMicrotask,
    setImmediate,
  );
  const unsubscribe = engine.onEvent((event) => events.push(event));

  return () => {
    unsubscribe();
    events.flush();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** A call counts only from the top frame of a page that is our renderer's index. */
function isTrustedFrame(event: IpcMainInvokeEvent, rendererIndexUrl: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isTrustedSender(frame.url, rendererIndexUrl);
}

/** `dispatch` promises never to throw; should it break that promise, the window still gets an envelope. */
async function dispatchSafely(engine: EngineChannel, method: string, input: unknown): Promise<Envelope> {
  try {
    return await engine.dispatch(method, input);
  } catch (error) {
    return { ok: false, error: toErrorShape(error) };
  }
}
