import type { EventName } from './events';
import { TizmorError } from './errors';
import type { MethodName } from './methods';
import type { Transport } from './client';
import { HelloFrame, ReplyFrame, eventsOfFrame } from './wire';

/** The part of the WebSocket API the transport uses (the browser's, or the `ws` package's in Node). */
interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: never) => void): void;
}
/** Any WebSocket class. The DOM and `ws` typings differ, so only the constructor's shape is checked here. */
type SocketConstructor = new (url: string) => object;

export interface WebSocketTransportOptions {
  /** e.g. `ws://127.0.0.1:4123/ws?token=...` */
  url: string;
  /** Defaults to the global WebSocket. */
  WebSocket?: SocketConstructor;
  /** Called when the connection drops or cannot be made. */
  onClose?: (reason: TizmorError) => void;
}

export interface WebSocketTransport extends Transport {
  /** Resolves when the host has greeted this client; rejects with `unauthorized` or `unavailable`. */
  ready: Promise<void>;
  close(): void;
}

/** A {@link Transport} over one WebSocket to the headless host. */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const Socket = options.WebSocket ?? (globalThis as unknown as { WebSocket: SocketConstructor }).WebSocket;
  // Both implementations provide the SocketLike subset (readyState, send, close, addEventListener).
  const socket = new Socket(options.url) as SocketLike;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let closedWith: TizmorError | null = null;

  let greeted: () => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    // The socket opening is not enough: the host greets only a client whose token it accepted.
    greeted = resolve;
    socket.addEventListener('close', ((event: { code: number; reason: string }) => {
      closedWith =
        event.code === 4401
          ? new TizmorError('unauthorized', 'The host refused the connection: the token is missing or wrong.')
          : new TizmorError('unavailable', `The connection to the host closed (${event.code}${event.reason ? `: ${event.reason}` : ''}).`);
      reject(closedWith);
      for (const { reject: fail } of pending.values()) fail(closedWith);
      pending.clear();
      options.onClose?.(closedWith);
    }) as (event: never) => void);
  });
  ready.catch(() => undefined);

  socket.addEventListener('message', ((event: { data: unknown }) => {
    let raw: unknown;
    try {
      raw = JSON.parse(String(event.data));
    } catch {
      return;
    }
    // Events are most frames during a run: they are checked first, by shape (the host is trusted).
    const pushed = eventsOfFrame(raw);
    if (pushed) {
      for (const { event, payload } of pushed) {
        for (const listener of listeners.get(event) ?? []) {
          try {
            listener(payload);
          } catch (error) {
            // Reported as uncaught, as before batches, without losing the events after it.
            setTimeout(() => {
              throw error;
            });
          }
        }
      }
      return;
    }
    if (HelloFrame.safeParse(raw).success) {
      greeted();
      return;
    }
    const reply = ReplyFrame.safeParse(raw);
    if (!reply.success) return;
    const frame = reply.data;
    if (frame.id === null) return;
    const waiter = pending.get(frame.id);
    if (!waiter) return;
    pending.delete(frame.id);
    if (frame.ok) waiter.resolve(frame.result);
    else waiter.reject(TizmorError.from(frame.error));
  }) as (event: never) => void);

  return {
    ready,
    async call(method: MethodName, input: unknown) {
      await ready;
      if (closedWith) throw closedWith;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, input }));
      });
    },
    on(event: EventName, listener: (payload: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    close() {
      socket.close(1000, 'client closed');
    },
  };
}
