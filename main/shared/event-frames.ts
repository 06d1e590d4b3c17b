import { packEvents, type EventName, type TizmorEvent } from '../../engine/api';

/**
 * Events that travel in batches: the stream of a run. Every other event (a plan being generated, an
 * approval, a trigger) is sent on its own at once, after whatever was queued before it, so a client
 * takes each phase of a generation in a message of its own.
 */
export const BATCHED_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['run.status', 'step.status', 'step.log', 'step.partial']);

/** Most events sent in one batch; a longer burst goes out in several. */
export const MAX_EVENTS_PER_FRAME = 256;

/**
 * The JSON text of an event sent alone, made once however many sockets send it: the bus hands every
 * subscriber the same event object.
 */
const texts = new WeakMap<TizmorEvent, string>();
export function eventText(event: TizmorEvent): string {
  let text = texts.get(event);
  if (text === undefined) {
    text = JSON.stringify(event);
    texts.set(event, text);
  }
  return text;
}

/** The frame for events queued together: a lone one as an event frame, more as a compact batch. */
export function batchText(events: readonly TizmorEvent[]): string {
  return events.length === 1 ? eventText(events[0] as TizmorEvent) : JSON.stringify(packEvents(events));
}

/** Events an agent emits while it works, not from a commit: they wait for the end of the turn, however many come. */
export const STREAMED_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['step.partial']);

/**
 * Queues a socket's run events and sends them as one frame per `schedule` (a turn of the event loop by
 * default; the host's sockets pass `queueMicrotask`, so a commit's events leave as soon as the code that
 * emitted them returns, before the steps that commit lets start run on) or per {@link MAX_EVENTS_PER_FRAME},
 * keeping the order of everything the socket sends: `flush()` before any other frame. Streamed partial results
 * are flushed by `scheduleStreamed` (a turn of the event loop): an agent streaming tokens sends them a turn's
 * worth at a time, not a frame each.
 */
export function createEventQueue(
  sendText: (text: string) => void,
  schedule: (run: () => void) => void = setImmediate,
  scheduleStreamed: (run: () => void) => void = setImmediate,
): {
  push(event: TizmorEvent): void;
  flush(): void;
} {
  let queued: TizmorEvent[] = [];
  let scheduled = false;
  let streamedScheduled = false;
  const flush = () => {
    if (queued.length === 0) return;
    const events = queued;
    queued = [];
    sendText(batchText(events));
  };
  return {
    flush,
    push(event) {
      if (!BATCHED_EVENTS.has(event.event)) {
        flush();
        sendText(eventText(event));
        return;
      }
      queued.push(event);
      if (queued.length >= MAX_EVENTS_PER_FRAME) flush();
      else if (STREAMED_EVENTS.has(event.event)) {
        if (streamedScheduled) return;
        streamedScheduled = true;
        scheduleStreamed(() => {
          streamedScheduled = false;
          flush();
        });
      } else if (!scheduled) {
        scheduled = true;
        schedule(() => {
          scheduled = false;
          flush();
        });
      }
    },
  };
}
