import type { WebSocket } from 'ws';
import { MAX_REQUEST_BYTES, PROTOCOL_VERSION, RequestFrame, describeIssues, type ApiErrorShape, type ReplyFrame } from '../../engine/api';
import type { Engine } from '../../engine/engine';
import { createEventQueue } from '../shared/event-frames';

/** Reads the request id from the start of a frame too large to parse. */
function leadingId(text: string): number | null {
  const match = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(text.slice(0, 64));
  return match ? Number(match[1]) : null;
}

/** Serves the contract on one authorized socket: every frame gets exactly one reply, and nothing a client sends can throw. */
export function serveSocket(socket: WebSocket, engine: Engine): () => void {
  const sendText = (text: string) => {
    if (socket.readyState === socket.OPEN) socket.send(text);
  };
  // Run events emitted together (one commit of the engine) go out as one frame as soon as the code that emitted
  // them returns, before the steps that commit let start run on; streamed partial results once a turn; a reply
  // sends what is queued first.
  const events = createEventQueue(sendText, queueMicrotask, setImmediate);
  const send = (frame: ReplyFrame) => {
    events.flush();
    sendText(JSON.stringify(frame));
  };
  const fail = (id: number | null, error: ApiErrorShape) => send({ id, ok: false, error });

  socket.on('message', (data, isBinary) => {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      fail(null, { code: 'bad_input', message: 'Send requests as JSON text frames.' });
      return;
    }
    if (buffer.byteLength > MAX_REQUEST_BYTES) {
      const id = leadingId(buffer.subarray(0, 64).toString('utf8'));
      fail(id, {
        code: 'too_large',
        message: `The request is ${(buffer.byteLength / 1048576).toFixed(1)} MB; the host reads at most ${MAX_REQUEST_BYTES / 1048576} MB.`,
        details: { bytes: buffer.byteLength, limit: MAX_REQUEST_BYTES },
      });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(buffer.toString('utf8'));
    } catch {
      fail(null, { code: 'bad_input', message: 'The request is not valid JSON.' });
      return;
    }
    const frame = RequestFrame.safeParse(raw);
    if (!frame.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? ((raw as { id: number }).id) : null;
      fail(id, { code: 'bad_input', message: 'A request is {"id": number, "method": string, "input": ...}.', details: describeIssues(frame.error) });
      return;
    }
    const { id, method, input } = frame.data;
    void engine.dispatch(method, input).then((envelope) =>
      send(envelope.ok ? { id, ok: true, result: envelope.result } : { id, ok: false, error: envelope.error }),
    );
  });

  const unsubscribe = engine.onEvent((event) => events.push(event));
  socket.send(JSON.stringify({ hello: { protocol: PROTOCOL_VERSION } }));
  return unsubscribe;
}
