import { createDirectClient } from '../../../engine/rpc/direct-transport';
import { openEngine, type Engine } from '../../../engine/engine';
import type { Clock, TimerHandle, TriggerOptions } from '../../../engine/triggers';
import type { TizmorClient, TizmorEvent } from '../../../engine/api';

/**
 * A clock moved by hand. `advance` is time passing with the host awake (each timer fires at its
 * moment, in order); `sleep` is a laptop asleep (time jumps, then whatever came due fires once, late).
 */
export class FakeClock implements Clock {
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private sequence = 0;

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): TimerHandle {
    const id = ++this.sequence;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle.id as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].callback();
    }
    this.time = end;
  }

  sleep(ms: number): void {
    this.time += ms;
    const due = [...this.timers].filter(([, timer]) => timer.at <= this.time);
    for (const [id, timer] of due) {
      this.timers.delete(id);
      timer.callback();
    }
  }
}

export interface TriggerEngine {
  engine: Engine;
  client: TizmorClient;
  workspaceId: string;
  planId: string;
  events: TizmorEvent[];
  logs: string[];
  close(): void;
}

/** An engine with a one-step plan (a `sim` step that succeeds at once) to point triggers at. */
export async function openTriggerEngine(options: { dataDir?: string | null; triggers?: TriggerOptions } = {}): Promise<TriggerEngine> {
  const logs: string[] = [];
  const engine = openEngine({ dataDir: options.dataDir ?? null, host: 'test', appVersion: '0.0.0', log: (line) => logs.push(line), triggers: options.triggers });
  const events: TizmorEvent[] = [];
  engine.onEvent((event) => events.push(event));
  const client = createDirectClient(engine);
  const workspaceId = (await client.system.status({})).defaultWorkspaceId;
  const existing = (await client.plans.list({ workspaceId })).find((plan) => plan.title === 'Daily report');
  const planId =
    existing?.id ??
    (
      await client.plans.create({
        workspaceId,
        title: 'Daily report',
        graph: { steps: [{ id: 'report', title: 'Report', agent: 'sim', input: { durationMs: 0 }, dependsOn: [] }], layout: {} },
      })
    ).plan.id;
  return { engine, client, workspaceId, planId, events, logs, close: () => engine.close() };
}
