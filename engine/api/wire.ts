import { z } from 'zod';
import { ApiErrorShape } from './errors';

/** A request frame on the WebSocket: `{id, method, input}`. The id comes first so an oversized frame can still be answered. */
export const RequestFrame = z.object({
  id: z.number().int().min(0),
  method: z.string().min(1).max(100),
  input: z.unknown().optional(),
});
export type RequestFrame = z.infer<typeof RequestFrame>;

/** A reply frame: the result or the typed error of one request. */
export const ReplyFrame = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number().int().nullable(), ok: z.literal(false), error: ApiErrorShape }),
]);
export type ReplyFrame = z.infer<typeof ReplyFrame>;

/** An event frame pushed by the host. */
export const EventFrame = z.object({ event: z.string(), payload: z.unknown() });
export type EventFrame = z.infer<typeof EventFrame>;

/** The first frame of an authorized socket; a client is connected only once it has it. */
export const HelloFrame = z.object({ hello: z.object({ protocol: z.literal(1) }) });
export type HelloFrame = z.infer<typeof HelloFrame>;

/** Largest request the host reads; larger ones get `too_large` and the connection stays open. */
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/** The IPC channel prefix Electron's main process accepts; anything else is refused. */
export const IPC_PREFIX = 'tizmor:';
export const IPC_EVENT_CHANNEL = 'tizmor:event';
