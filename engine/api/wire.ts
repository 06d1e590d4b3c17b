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
 * Several events pushed together, in order: the run events the host emitted together (one commit of the
 * engine; streamed partial results, a turn of its event loop's worth), at most 256 a frame (a fast run emits
 * thousands per second; a frame each costs both ends far more than the bytes).
 * They are written compactly: consecutive events of one name whose payloads have the same keys
 * form a group, the values all of them share (the workspace, the run) are written once, and each
 * event is a row of its other values. A step.status event takes ~35 bytes instead of ~190, which
 * matters: a browser takes a socket's data only as fast as its page's main thread reads it.
 */
export interface EventGroup {
  event: string;
  /** The payload's keys, in order; null for a payload that is not an object (each row is then `[payload]`). */
  keys: string[] | null;
  /** Values every payload of the group has. */
  shared: Record<string, unknown>;
  /** Per event, the values of the keys not in `shared`, in key order. */
  rows: unknown[][];
}
export interface EventBatchFrame {
  batch: EventGroup[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isShareable = (value: unknown) => value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** Writes events as an {@link EventBatchFrame}. */
export function packEvents(events: readonly EventFrame[]): EventBatchFrame {
  const runs: { event: string; keys: string[] | null; signature: string; payloads: unknown[] }[] = [];
  for (const { event, payload } of events) {
    const keys = isRecord(payload) ? Object.keys(payload) : null;
    const signature = keys ? keys.join('\u0000') : '\u0001';
    const last = runs.at(-1);
    if (last && last.event === event && last.signature === signature) last.payloads.push(payload);
    else runs.push({ event, keys, signature, payloads: [payload] });
  }
  return {
    batch: runs.map(({ event, keys, payloads }) => {
      if (!keys) return { event, keys: null, shared: {}, rows: payloads.map((payload) => [payload]) };
      const records = payloads as Record<string, unknown>[];
      const first = records[0] as Record<string, unknown>;
      const shared: Record<string, unknown> = {};
      if (records.length > 1) {
        for (const key of keys) if (isShareable(first[key]) && records.every((record) => record[key] === first[key])) shared[key] = first[key];
      }
      const own = keys.filter((key) => !Object.hasOwn(shared, key));
      return { event, keys, shared, rows: records.map((record) => own.map((key) => record[key])) };
    }),
  };
}

/** The events of an {@link EventBatchFrame}, or null when it is not one. */
function unpackEvents(raw: Record<string, unknown>): EventFrame[] | null {
  if (!Array.isArray(raw.batch)) return null;
  const events: EventFrame[] = [];
  for (const group of raw.batch as unknown[]) {
    if (!isRecord(group) || typeof group.event !== 'string' || !isRecord(group.shared) || !Array.isArray(group.rows)) return null;
    const { event, shared } = group;
    const keys = group.keys;
    if (keys === null) {
      for (const row of group.rows as unknown[]) {
        if (!Array.isArray(row) || row.length !== 1) return null;
        events.push({ event, payload: row[0] });
      }
      continue;
    }
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) return null;
    const names = keys as string[];
    const isShared = names.map((key) => Object.hasOwn(shared, key));
    const width = isShared.filter((flag) => !flag).length;
    // A key such as `__proto__` must become the payload's own property: fromEntries defines it so. Every other
    // payload is built by plain assignment, which allocates nothing else (this runs for every event of a run).
    const plain = !names.some((key) => key === '__proto__');
    for (const row of group.rows as unknown[]) {
      if (!Array.isArray(row) || row.length !== width) return null;
      let column = 0;
      if (!plain) {
        events.push({ event, payload: Object.fromEntries(names.map((key, index) => [key, isShared[index] ? shared[key] : row[column++]])) });
        continue;
      }
      const payload: Record<string, unknown> = {};
      for (let index = 0; index < names.length; index++) {
        const key = names[index] as string;
        payload[key] = isShared[index] ? shared[key] : row[column++];
      }
      events.push({ event, payload });
    }
  }
  return events;
}

/**
 * The events of a frame from the host: one for an event frame, several for a batch, null for any
 * other frame. Checks the shape by hand: the host is trusted and this runs for every event of a run.
 */
export function eventsOfFrame(raw: unknown): EventFrame[] | null {
  if (!isRecord(raw)) return null;
  if ('event' in raw) return typeof raw.event === 'string' && 'payload' in raw ? [{ event: raw.event, payload: raw.payload }] : null;
  if ('batch' in raw) return unpackEvents(raw);
  return null;
}

/**
 * The wire protocol's version, sent in the hello frame. 2: run events may come as one `batch` frame
 * (see {@link eventsOfFrame}); a client that only reads single event frames must not connect.
 */
export const PROTOCOL_VERSION = 2;

/** The first frame of an authorized socket; a client is connected only once it has it. */
export const HelloFrame = z.object({ hello: z.object({ protocol: z.literal(PROTOCOL_VERSION) }) });
export type HelloFrame = z.infer<typeof HelloFrame>;

/** Largest request the host reads; larger ones get `too_large` and the connection stays open. */
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/** The IPC channel prefix Electron's main process accepts; anything else is refused. */
export const IPC_PREFIX = 'tizmor:';
export const IPC_EVENT_CHANNEL = 'tizmor:event';
