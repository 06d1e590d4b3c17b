import {
  createBridgeTransport,
  createClient,
  createWebSocketTransport,
  TizmorError,
  type TizmorBridge,
  type TizmorClient,
} from './contract';

/** A client and the promise that settles once the host has accepted the connection. */
export interface Connection {
  client: TizmorClient;
  ready: Promise<void>;
}

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    tizmor?: TizmorBridge;
  }
}

/**
 * Connects to whichever host serves this page: the Electron preload bridge when present,
 * otherwise the headless host's WebSocket, authenticated by the `token` of the page address.
 */
export function connectToHost(onConnectionLost: (error: TizmorError) => void): Connection {
  if (window.tizmor) {
    return { client: createClient(createBridgeTransport(window.tizmor)), ready: Promise.resolve() };
  }
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}`;
  let opened = false;
  const transport = createWebSocketTransport({
    url,
    onClose: (reason) => {
      if (opened) onConnectionLost(reason);
    },
  });
  const ready = transport.ready.then(
    () => {
      opened = true;
    },
    (error: unknown) => {
      // A socket refused before it ever opened, with no token at all, is a refusal too.
      if (error instanceof TizmorError && error.code === 'unavailable' && token === '') {
        throw new TizmorError('unauthorized', error.message);
      }
      throw error;
    },
  );
  return { client: createClient(transport), ready };
}
