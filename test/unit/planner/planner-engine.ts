import type { EventPayload, RunDetail, StepInput, TizmorClient, TizmorEvent } from '../../../engine/api';
import type { AnyAgent } from '../../../engine/agents/agent';
import { environmentSecrets } from '../../../engine/core/secrets';
import { openEngine, type Engine } from '../../../engine/engine';
import { createDirectClient } from '../../../engine/rpc/direct-transport';
import type { JsonValue } from '../../../engine/store/store';
import { makeClock } from '../../helpers/builders';

/** An engine for planner tests: keys from a fake environment, waits recorded instead of slept, events captured. */
export interface PlannerEngine {
  engine: Engine;
  client: TizmorClient;
  workspaceId: string;
  events: TizmorEvent[];
  /** The waits the planner asked for before retries (ms), none of them slept. */
  waits: number[];
  logs: string[];
  /** The plan.generating events, in order. */
  generating(generationId?: string): Array<EventPayload<'plan.generating'>>;
  /** Runs an ad-hoc graph to its end (5 s at most). */
  run(steps: StepInput[]): Promise<RunDetail>;
  close(): void;
}

export async function openPlannerEngine(
  options: {
    env?: Record<string, string>;
    settings?: Record<string, JsonValue>;
    extraAgents?: AnyAgent[];
    /** Sleep for real before retries (default: record the wait and go on at once). */
    realWaits?: boolean;
  } = {},
): Promise<PlannerEngine> {
  const waits: number[] = [];
  const logs: string[] = [];
  const engine = openEngine({
    dataDir: null,
    host: 'test',
    appVersion: '0.0.0',
    now: makeClock(),
    log: (line) => logs.push(line),
    secrets: environmentSecrets(options.env ?? {}),
    extraAgents: options.extraAgents,
    planner: options.realWaits
      ? {}
      : {
          sleep: async (ms) => {
            waits.push(ms);
          },
        },
  });
  const events: TizmorEvent[] = [];
  engine.onEvent((event) => events.push(event));
  const client = createDirectClient(engine);
  const workspaceId = (await client.system.status({})).defaultWorkspaceId;
  for (const [key, value] of Object.entries(options.settings ?? {})) await client.settings.set({ workspaceId, key, value });
  return {
    engine,
    client,
    workspaceId,
    events,
    waits,
    logs,
    generating: (generationId) =>
      events
        .filter((event): event is Extract<TizmorEvent, { event: 'plan.generating' }> => event.event === 'plan.generating')
        .map((event) => event.payload)
        .filter((payload) => generationId === undefined || payload.generationId === generationId),
    async run(steps) {
      const started = await client.runs.start({ workspaceId, graph: { steps, layout: {} }, title: 'test run', options: { autoApprove: true } });
      const deadline = Date.now() + 5000;
      for (;;) {
        const detail = await client.runs.get({ workspaceId, runId: started.id });
        if (['completed', 'failed', 'cancelled'].includes(detail.run.status)) return detail;
        if (Date.now() > deadline) throw new Error(`The run is still ${detail.run.status} after 5 s.`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => engine.close(),
  };
}
