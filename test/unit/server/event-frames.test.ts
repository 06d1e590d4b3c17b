import { describe, expect, it } from 'vitest';
import { eventsOfFrame, packEvents, type EventFrame, type TizmorEvent } from '../../../engine/api';
import { MAX_EVENTS_PER_FRAME, createEventQueue, eventText } from '../../../main/shared/event-frames';

const step = (stepId: string, status: 'running' | 'succeeded'): TizmorEvent => ({
  event: 'step.status',
  payload: { workspaceId: 'w', runId: 'r', stepId, status, attempt: 1, cacheHit: false, error: null },
});
const generating = (phase: 'partial' | 'done'): TizmorEvent => ({
  event: 'plan.generating',
  payload: { workspaceId: 'w', generationId: 'g', phase, steps: [], message: null },
});

/** A queue whose scheduled flushes run only when the test says so (one "turn" of the host loop). */
function queue() {
  const sent: string[] = [];
  const turns: (() => void)[] = [];
  const events = createEventQueue((text) => sent.push(text), (run) => turns.push(run));
  const endTurn = () => {
    for (const run of turns.splice(0)) run();
  };
  /** Per frame sent: its events as `stepId:status`. */
  const received = () =>
    sent.map((text) =>
      (eventsOfFrame(JSON.parse(text)) ?? []).map((frame) => {
        const payload = frame.payload as { stepId: string; status: string };
        return `${payload.stepId}:${payload.status}`;
      }),
    );
  return { events, sent, endTurn, received };
}

describe('run events on the wire', () => {
  it('sends the run events of one turn as one frame, in order', () => {
    const { events, sent, endTurn, received } = queue();
    events.push(step('a', 'running'));
    events.push(step('a', 'succeeded'));
    events.push(step('b', 'running'));
    expect(sent).toHaveLength(0);
    endTurn();
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0] as string)).toHaveProperty('batch');
    expect(received()).toEqual([['a:running', 'a:succeeded', 'b:running']]);
  });

  it("sends a commit's events at once but streamed partial results once a turn, in order with the rest", () => {
    const sent: string[] = [];
    const soon: (() => void)[] = [];
    const turns: (() => void)[] = [];
    const events = createEventQueue((text) => sent.push(text), (run) => soon.push(run), (run) => turns.push(run));
    const partial = (value: string): TizmorEvent => ({ event: 'step.partial', payload: { workspaceId: 'w', runId: 'r', stepId: 'a', value } });
    const run = (list: (() => void)[]) => {
      for (const next of list.splice(0)) next();
    };
    for (let index = 0; index < 5; index++) {
      events.push(partial(`token ${index}`));
      run(soon);
    }
    // Five tokens streamed within one turn: nothing sent yet, then one frame.
    expect(sent).toHaveLength(0);
    events.push(step('a', 'succeeded'));
    run(soon);
    expect(sent).toHaveLength(1);
    expect((eventsOfFrame(JSON.parse(sent[0] as string)) ?? []).map((frame) => frame.event)).toEqual([...Array(5).fill('step.partial'), 'step.status']);
    run(turns);
    expect(sent).toHaveLength(1);
    events.push(partial('late'));
    run(turns);
    expect(sent).toHaveLength(2);
  });

  it('sends a lone event as a plain event frame', () => {
    const { events, sent, endTurn } = queue();
    events.push(step('a', 'running'));
    endTurn();
    expect(JSON.parse(sent[0] as string)).toEqual(step('a', 'running'));
  });

  it('never holds a generation phase: each goes alone, after the run events queued before it', () => {
    const { events, sent, endTurn } = queue();
    events.push(step('a', 'running'));
    events.push(generating('partial'));
    events.push(generating('done'));
    events.push(step('a', 'succeeded'));
    endTurn();
    expect(sent.map((text) => JSON.parse(text) as unknown)).toEqual([
      step('a', 'running'),
      generating('partial'),
      generating('done'),
      step('a', 'succeeded'),
    ]);
  });

  it('sends what is queued before anything else (a reply keeps its place after the events before it)', () => {
    const { events, sent } = queue();
    events.push(step('a', 'running'));
    events.flush();
    sent.push('reply');
    expect(sent).toEqual([JSON.stringify(step('a', 'running')), 'reply']);
  });

  it('splits a long burst into frames of at most MAX_EVENTS_PER_FRAME, without waiting for the turn to end', () => {
    const { events, sent, endTurn, received } = queue();
    for (let index = 0; index < MAX_EVENTS_PER_FRAME * 2 + 3; index++) events.push(step(`s${index}`, 'running'));
    expect(sent).toHaveLength(2);
    endTurn();
    expect(received().map((frame) => frame.length)).toEqual([MAX_EVENTS_PER_FRAME, MAX_EVENTS_PER_FRAME, 3]);
  });

  it('writes the JSON of an event once, however many sockets send it', () => {
    const event = step('a', 'running');
    expect(eventText(event)).toBe(eventText(event));
    expect(JSON.parse(eventText(event))).toEqual(event);
  });
});

describe('reading event frames', () => {
  it('reads a single event, a batch, and nothing else', () => {
    expect(eventsOfFrame({ event: 'step.status', payload: { a: 1 } })).toEqual([{ event: 'step.status', payload: { a: 1 } }]);
    expect(eventsOfFrame({ id: 1, ok: true, result: {} })).toBeNull();
    expect(eventsOfFrame({ hello: { protocol: 2 } })).toBeNull();
    expect(eventsOfFrame({ batch: [{ event: 'a', keys: ['x'], shared: {}, rows: [[1, 2]] }] })).toBeNull();
    expect(eventsOfFrame({ batch: [{ event: 'a', keys: ['x'], rows: [[1]] }] })).toBeNull();
    expect(eventsOfFrame({ batch: 'x' })).toBeNull();
    expect(eventsOfFrame({ event: 3, payload: 1 })).toBeNull();
    expect(eventsOfFrame(null)).toBeNull();
  });

  it('packs a batch compactly and reads back the same events, in order, whatever they hold', () => {
    const events: EventFrame[] = [
      step('a', 'running'),
      step('a', 'succeeded'),
      { event: 'step.status', payload: { ...(step('m', 'running').payload as object), itemCount: 3 } },
      { event: 'step.log', payload: { workspaceId: 'w', runId: 'r', stepId: null, level: 'info', message: 'hello', at: 'T' } },
      step('b', 'running'),
      { event: 'step.partial', payload: { workspaceId: 'w', runId: 'r', stepId: 'b', value: { deep: [1, { x: null }] } } },
      { event: 'step.partial', payload: { workspaceId: 'w', runId: 'r', stepId: 'b', value: 'more' } },
      { event: 'odd', payload: 42 },
      { event: 'odd', payload: JSON.parse('{"__proto__": "kept as a key", "constructor": 1}') as unknown },
    ];
    const text = JSON.stringify(packEvents(events));
    const back = eventsOfFrame(JSON.parse(text));
    expect(back).toEqual(JSON.parse(JSON.stringify(events)));
    expect(Object.getPrototypeOf(back?.[8]?.payload)).toBe(Object.prototype);
    expect(Object.keys(back?.[8]?.payload as object)).toEqual(['__proto__', 'constructor']);
    // The shared workspace and run are written once per group, not once per event.
    expect(text.split('"w"').length - 1).toBeLessThan(6);
  });

  it('makes a burst of step changes much smaller than one object per event', () => {
    const burst = Array.from({ length: 256 }, (_, index) => step(`l${index}_3`, index % 2 ? 'running' : 'succeeded'));
    const packed = JSON.stringify(packEvents(burst)).length;
    const plain = JSON.stringify({ events: burst }).length;
    expect(packed).toBeLessThan(plain / 3);
  });
});
