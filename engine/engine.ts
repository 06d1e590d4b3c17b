import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdirSync } from 'node:fs';
import { PlanGraph, type Problem, type Envelope, type Handlers, type HostKind, type TizmorEvent } from './api';
import type { z } from 'zod';
import { createEventBus } from './core/event-bus';
import type { EngineContext } from './core/context';
import { planHandlers } from './core/plan-service';
import { settingsHandlers } from './core/settings-service';
import { ensureDefaultWorkspace, requireWorkspace, workspaceHandlers } from './core/workspace-service';
import { createDispatcher } from './rpc/dispatcher';
import { builtinAgents, simulatedAgent } from './agents/builtin';
import type { AnyAgent, WorkspaceAccess } from './agents/agent';
import { createAgentRegistry, type AgentRegistry } from './agents/registry';
import { runHandlers } from './core/run-service';
import { environmentSecrets, type SecretStore } from './core/secrets';
import { plannerHandlers } from './core/planner-service';
import { llmAgents, offlineLimitations } from './agents/llm';
import { workspaceModels } from './planner/model-port';
import { workspaceModel, type PlannerHostOptions } from './planner/provider-config';
import { diffGraphs } from './plan/plan-diff';
import { lintUnknownGraph } from './plan/lint-plan';
import { Journal } from './run/journal';
import { RunManager } from './run/run-manager';
import { RateLimiter } from './safety/rate-limiter';
import { ResourceLocks } from './safety/resource-locks';
import { openSqliteStore } from './store/sqlite-store';
import type { Store } from './store/store';
// Triggers: schedules, webhooks in and out, notifications, calendar agents.
import { createTriggerService, type TriggerOptions, type TriggerService } from './triggers';
import { createNotifyAgent } from './agents/notify';
import { calendarAgents } from './agents/calendar';

export interface EngineOptions {
  /** The data folder; `null` keeps everything in memory (tests). */
  dataDir: string | null;
  host: z.infer<typeof HostKind>;
  appVersion: string;
  /** Where the engine writes lines about failures that are not the caller's fault. */
  log?: (line: string) => void;
  /** A better-sqlite3 native module built for another runtime (Electron's ABI); the Node build by default. */
  sqliteNativeBinding?: string | undefined;
  /** Pick up runs left unfinished (long-lived hosts: server, Electron), or only some (`tizmor runs resume ID`). */
  recoverRuns?: boolean | { runIds: string[] };
  /** Where API keys live (Electron: safeStorage). Defaults to environment variables. */
  secrets?: SecretStore;
  /** Planner and LLM-agent overrides: base URLs (CLI `--base-url`, tests), fetch, the wait before retries. */
  planner?: PlannerHostOptions;
  /** Agents besides the built-ins (tests, plugins). */
  extraAgents?: AnyAgent[];
  /** Replace the clock and id source (tests). */
  now?: () => string;
  newId?: () => string;
  /** Schedules, webhooks and notifications: a clock for tests, a notifier for the host. */
  triggers?: TriggerOptions;
}

/** The engine behind one contract: every host calls {@link Engine.dispatch} and listens with {@link Engine.onEvent}. */
export interface Engine {
  /** Validates a raw call against the contract and runs it; never throws. */
  dispatch(method: string, input: unknown): Promise<Envelope>;
  /** Subscribes to every event; returns the unsubscribe. */
  onEvent(listener: (event: TizmorEvent) => void): () => void;
  readonly store: Store;
  readonly agents: AgentRegistry;
  readonly runs: RunManager;
  /** Schedules, incoming and outgoing webhooks; long-lived hosts call `triggers.start()`. */
  readonly triggers: TriggerService;
  /** Commits queued run records and closes the store. Steps still running are recovered at the next start. */
  close(): void;
}

/** The time as ISO-8601, formatted once per millisecond (the run engine asks often). */
function isoClock(): () => string {
  let lastMs = -1;
  let lastText = '';
  return () => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastText = new Date(ms).toISOString();
    }
    return lastText;
  };
}

/** The database file inside a data folder. */
export const DATABASE_FILE = 'tizmor.sqlite';

export function openEngine(options: EngineOptions): Engine {
  const log = options.log ?? ((line: string) => console.error(line));
  let filename = ':memory:';
  if (options.dataDir !== null) {
    mkdirSync(options.dataDir, { recursive: true });
    filename = join(options.dataDir, DATABASE_FILE);
  }
  const store = openSqliteStore({ filename, nativeBinding: options.sqliteNativeBinding });
  const bus = createEventBus((error) => log(`event listener failed: ${String(error)}`));
  const context: EngineContext = {
    store,
    bus,
    now: options.now ?? isoClock(),
    newId: options.newId ?? (() => randomUUID()),
  };
  const defaultWorkspace = ensureDefaultWorkspace(context);
  const startedAt = context.now();
  const secrets = options.secrets ?? environmentSecrets();
  const agents = createAgentRegistry([
    ...builtinAgents(),
    ...llmAgents(workspaceModels(store, secrets, options.planner)),
    createNotifyAgent(options.triggers?.notifier),
    ...calendarAgents(),
    ...(options.extraAgents ?? []),
  ]);
  const simulated = new Map<string, AnyAgent>();
  const journal = new Journal(store, (error) => log(`could not record run state: ${error instanceof Error ? error.message : String(error)}`));
  const outputRoot = options.dataDir ?? join(tmpdir(), `tizmor-${process.pid}`);
  const workspaceAccess = (workspaceId: string, extraHosts: readonly string[]): WorkspaceAccess => {
    const settings = store.settings.all(workspaceId);
    const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
    const outputDir = typeof settings['files.outputDir'] === 'string' ? settings['files.outputDir'] : join(outputRoot, 'workspaces', workspaceId, 'output');
    return {
      workspaceId,
      outputDir,
      readFolders: strings(settings['files.readFolders']),
      allowedHosts: [...strings(settings['http.allowHosts']), ...extraHosts],
    };
  };
  /** Steps that cannot honestly run without a model, when the workspace has none configured. */
  const modelProblems = (workspaceId: string, graph: PlanGraph): Problem[] => {
    if (workspaceModel(store.settings.all(workspaceId), secrets, options.planner) !== null) return [];
    return graph.steps.flatMap((step) => offlineLimitations(step).map((message) => ({ code: 'needs_model' as const, stepId: step.id, message })));
  };
  const runs = new RunManager(
    {
      store,
      bus,
      journal,
      agents,
      limiter: new RateLimiter(),
      locks: new ResourceLocks(),
      now: context.now,
      newId: context.newId,
      random: Math.random,
      log,
      workspaceAccess,
    },
    (step, simulate) => {
      const agent = agents.require(step.agent);
      if (!simulate) return agent;
      let stand = simulated.get(agent.id);
      if (!stand) simulated.set(agent.id, (stand = simulatedAgent(agent)));
      return stand;
    },
    (workspaceId, graph) => modelProblems(workspaceId, graph),
  );

  const triggers = createTriggerService(context, (method, input) => dispatch(method, input), { ...options.triggers, log });
  const handlers: Handlers = {
    'system.status': async () => ({
      appVersion: options.appVersion,
      host: options.host,
      schemaVersion: store.schemaVersion,
      dataDir: options.dataDir,
      defaultWorkspaceId: defaultWorkspace.id,
      startedAt,
    }),
    ...workspaceHandlers(context),
    ...planHandlers(context),
    ...settingsHandlers(context),
    ...runHandlers(context, runs, agents),
    ...triggers.handlers,
    'plans.diff': async ({ workspaceId, planId, from, to }) => {
      const [older, newer] = await Promise.all([
        handlers['plans.get']({ workspaceId, planId, version: from }),
        handlers['plans.get']({ workspaceId, planId, version: to }),
      ]);
      return diffGraphs(planId, from, to, older.version.graph, newer.version.graph);
    },
    ...plannerHandlers(context, { agents, secrets, host: options.planner }),
    'secrets.status': async () => secrets.status(),
    'secrets.set': async ({ name, value }) => {
      secrets.set(name, value);
      return { name, set: secrets.status()[name].set };
    },
    'plans.validate': async ({ workspaceId, graph }) => {
      requireWorkspace(context, workspaceId);
      const result = lintUnknownGraph(graph, agents);
      const parsed = PlanGraph.safeParse(graph);
      const extra = parsed.success ? modelProblems(workspaceId, parsed.data) : [];
      return { ok: result.ok && extra.length === 0, problems: [...result.problems, ...extra] };
    },
  };
  const dispatch = createDispatcher(handlers, {
    onInternalError: (method, error) => log(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });

  if (options.recoverRuns) {
    const { resumed, heldElsewhere } = runs.recover(options.recoverRuns === true ? {} : options.recoverRuns);
    if (resumed > 0) log(`resumed ${resumed} unfinished run${resumed === 1 ? '' : 's'}`);
    if (heldElsewhere.length > 0) log(`${heldElsewhere.length} unfinished run(s) belong to another live Tizmor process; left to it`);
  }

  let closed = false;
  return {
    dispatch: (method, input) =>
      closed
        ? Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'The engine is closed.' } })
        : dispatch(method, input),
    onEvent: (listener) => bus.subscribe(listener),
    store,
    agents,
    runs,
    triggers,
    close() {
      if (closed) return;
      closed = true;
      triggers.stop();
      runs.shutdown();
      store.close();
    },
  };
}
