import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TizmorError,
  type Plan,
  type PlanGraph,
  type PlanVersion,
  type Step,
  type TizmorClient,
  type TizmorEvent,
  type Workspace,
} from '../../engine/api';
import { openEngine, type Engine } from '../../engine/engine';
import { graphContentHash } from '../../engine/plan/content-hash';
import { createDirectClient } from '../../engine/rpc/direct-transport';

/** A valid step with a readable default title and agent; `dependsOn` and the rest come from `overrides`. */
export function makeStep(id: string, overrides: Partial<Step> = {}): Step {
  return { id, title: `Step ${id}`, agent: 'echo', input: {}, dependsOn: [], ...overrides };
}

/**
 * A plan graph. Either a dependency map (`makeGraph({ a: [], b: ['a'] })`: b waits for a)
 * or a list of steps; layout is empty unless given.
 */
export function makeGraph(
  spec: Record<string, string[]> | Step[],
  layout: PlanGraph['layout'] = {},
): PlanGraph {
  const steps = Array.isArray(spec)
    ? spec
    : Object.entries(spec).map(([id, dependsOn]) => makeStep(id, { dependsOn }));
  return { steps, layout };
}

/** A clock that moves one second per call, so "most recent first" orders are deterministic. */
export function makeClock(start = Date.parse('2025-03-01T09:00:00.000Z')): () => string {
  let tick = 0;
  return () => new Date(start + 1000 * tick++).toISOString();
}

/** A fresh folder under the OS temp dir, and a function that removes it. */
export function makeTempDir(prefix = 'tizmor-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestEngine {
  engine: Engine;
  client: TizmorClient;
  defaultWorkspaceId: string;
  /** Lines the engine logged (internal errors, failing listeners). */
  logs: string[];
  /** Every event the engine emitted, in order. */
  events: TizmorEvent[];
  close: () => void;
}

/** An engine (in memory unless `dataDir` is given) with a direct client, a ticking clock and captured logs. */
export async function openTestEngine(options: { dataDir?: string | null } = {}): Promise<TestEngine> {
  const logs: string[] = [];
  const engine = openEngine({
    dataDir: options.dataDir ?? null,
    host: 'test',
    appVersion: '0.0.0',
    now: makeClock(),
    log: (line) => logs.push(line),
  });
  const events: TizmorEvent[] = [];
  engine.onEvent((event) => events.push(event));
  const client = createDirectClient(engine);
  const status = await client.system.status({});
  return { engine, client, defaultWorkspaceId: status.defaultWorkspaceId, logs, events, close: () => engine.close() };
}

// Store-level rows (the Store port takes ids and times from its caller).

export function makeWorkspace(id: string, overrides: Partial<Workspace> = {}): Workspace {
  return { id, name: `Workspace ${id}`, isDefault: false, createdAt: '2025-03-01T09:00:00.000Z', ...overrides };
}

export function makePlan(workspaceId: string, id: string, overrides: Partial<Plan> = {}): Plan {
  return {
    id,
    workspaceId,
    title: `Plan ${id}`,
    request: null,
    headVersion: 1,
    createdAt: '2025-03-01T09:00:00.000Z',
    updatedAt: '2025-03-01T09:00:00.000Z',
    ...overrides,
  };
}

/** A version whose step count and content hash match its graph. */
export function makeVersion(
  planId: string,
  number: number,
  graph: PlanGraph = makeGraph({}),
  overrides: Partial<PlanVersion> = {},
): PlanVersion {
  return {
    id: `${planId}-v${number}`,
    planId,
    number,
    parentId: number > 1 ? `${planId}-v${number - 1}` : null,
    author: 'user',
    message: `Version ${number}`,
    contentHash: graphContentHash(graph),
    stepCount: graph.steps.length,
    createdAt: `2025-03-01T09:00:0${Math.min(number, 9)}.000Z`,
    graph,
    ...overrides,
  };
}

/** Awaits a call that must fail and returns its TizmorError (the test fails if it resolves). */
export async function rejectionOf(call: Promise<unknown>): Promise<TizmorError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TizmorError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with a TizmorError, but it succeeded');
}
