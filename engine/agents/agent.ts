import type { z } from 'zod';

/** What running an agent can do to the world: read only, write local files, or reach outside. */
export type AgentRisk = 'read' | 'write' | 'external';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Key/value state shared by the steps of one run; persisted with the run. */
export interface SharedContext {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  entries(): Record<string, unknown>;
}

/** A message one step posted to another (or to every step with `to: '*'`). */
export interface RunMessage {
  from: string;
  to: string;
  body: unknown;
  at: string;
}

/** Lets steps of one run talk to each other; messages are persisted with the run. */
export interface Messenger {
  post(to: string, body: unknown): void;
  /** Messages addressed to this step or to everyone, oldest first. */
  inbox(): RunMessage[];
}

/** What a workspace allows agents to touch. Paths are absolute. */
export interface WorkspaceAccess {
  workspaceId: string;
  /** `files.write` writes only here. */
  outputDir: string;
  /** `files.read` / `files.search` read only inside these folders (the output folder is always readable). */
  readFolders: string[];
  /** `http.request` reaches only these hosts (`host` or `host:port`). */
  allowedHosts: string[];
}

/** Everything an agent gets besides its input. */
export interface AgentContext {
  readonly runId: string;
  readonly stepId: string;
  /** 1 on the first attempt. */
  readonly attempt: number;
  /** `runId:stepId`: the same on every attempt and after a crash, so a receiver can drop repeats. */
  readonly idempotencyKey: string;
  /** Aborted when the run is cancelled or the attempt times out. */
  readonly signal: AbortSignal;
  log(level: LogLevel, message: string): void;
  /** Streams a partial result (shown live; the final output replaces it). */
  partial(value: unknown): void;
  /** Reports model usage for metrics. */
  usage(usage: { tokens?: number; costUsd?: number }): void;
  readonly context: SharedContext;
  readonly messenger: Messenger;
  readonly workspace: WorkspaceAccess;
}

/** An agent: a typed, described capability the planner can choose and the engine can run. */
export interface Agent<I = unknown, O = unknown> {
  /** e.g. `files.read`. */
  id: string;
  /** Part of the cache key: bump it when the same input would give another output. */
  version: string;
  name: string;
  description: string;
  capabilities: string[];
  input: z.ZodType<I>;
  output: z.ZodType<O>;
  risk: AgentRisk;
  /** Safe to run twice with the same idempotency key (re-run after a crash without asking). */
  idempotent: boolean;
  /** Results may be reused from the cache (default: yes for read-only idempotent agents). Waiting and simulated agents say no. */
  cacheable?: boolean;
  /** The step waits for a person's answer instead of running (`human.ask`); the answer is its output. */
  asksPerson?: boolean;
  execute(input: I, context: AgentContext): Promise<O>;
  /** A plausible output for dry runs (`--simulate`); a generic one when absent. */
  simulate?(input: I): O;
}

/** Declares an agent with its types inferred from its schemas. */
export function defineAgent<I, O>(agent: Agent<I, O>): Agent<I, O> {
  return agent;
}

/** An agent as the registry holds it; its input is checked by its own schema before `execute`. */
export type AnyAgent = Agent<unknown, unknown>;
