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

/**
 * Several events pushed together, in order: the run events of one turn of the host's event loop
 * (a fast run emits thousands per second; a frame each costs both ends far more than the bytes).
 */
export const EventBatchFrame = z.object({ events: z.array(EventFrame) });
export type EventBatchFrame = z.infer<typeof EventBatchFrame>;

/**
 * The events of a frame from the host: one for an event frame, several for a batch, null for any
 * other frame. Checks the shape by hand: the host is trusted and this runs for every event of a run.
 */
export function eventsOfFrame(raw: unknown): EventFrame[] | null {
  if (raw === null || typeof raw !== 'object') return null;
  if ('event' in raw) return isEventFrame(raw) ? [raw] : null;
  if (!('events' in raw) || !Array.isArray(raw.events)) return null;
  const events: unknown[] = raw.events;
  return events.every(isEventFrame) ? (events as EventFrame[]) : null;
}

function isEventFrame(value: unknown): value is EventFrame {
  return value !== null && typeof value === 'object' && typeof (value as { event?: unknown }).event === 'string' && 'payload' in value;
}

/** The first frame of an authorized socket; a client is connected only once it has it. */
export const HelloFrame = z.object({ hello: z.object({ protocol: z.literal(1) }) });
export type HelloFrame = z.infer<typeof HelloFrame>;

/** Largest request the host reads; larger ones get `too_large` and the connection stays open. */
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/** The IPC channel prefix Electron's main process accepts; anything else is refused. */
export const IPC_PREFIX = 'tizmor:';
export const IPC_EVENT_CHANNEL = 'tizmor:event';
