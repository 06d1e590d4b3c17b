import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent, AgentContext, LogLevel, RunMessage, WorkspaceAccess } from '../../../engine/agents/agent';

/** A temp folder tree for one test: `root` holds `read/` (the read folder), `output/` and `outside/`. */
export interface TempWorkspace {
  root: string;
  readDir: string;
  outputDir: string;
  /** A folder no agent may touch, for escape attempts. */
  outsideDir: string;
  workspace: WorkspaceAccess;
  remove(): void;
}

/** Real paths (a temp dir may sit behind a symbolic link, e.g. /tmp on macOS), so assertions compare plainly. */
export function makeTempWorkspace(access: Partial<WorkspaceAccess> = {}): TempWorkspace {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'tizmor-agents-')));
  const readDir = join(root, 'read');
  const outputDir = join(root, 'output');
  const outsideDir = join(root, 'outside');
  mkdirSync(readDir);
  mkdirSync(outsideDir);
  const workspace: WorkspaceAccess = { workspaceId: 'ws-test', outputDir, readFolders: [readDir], allowedHosts: [], ...access };
  return { root, readDir, outputDir, outsideDir, workspace, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** An AgentContext that records what the agent logged, streamed and reported. */
export interface FakeContext extends AgentContext {
  logs: Array<{ level: LogLevel; message: string }>;
  partials: unknown[];
  usages: Array<{ tokens?: number; costUsd?: number }>;
}

export interface FakeContextOptions {
  runId?: string;
  stepId?: string;
  attempt?: number;
  signal?: AbortSignal;
  workspace?: Partial<WorkspaceAccess>;
}

export function makeContext(options: FakeContextOptions = {}): FakeContext {
  const runId = options.runId ?? 'run-1';
  const stepId = options.stepId ?? 'step-1';
  const shared = new Map<string, unknown>();
  const messages: RunMessage[] = [];
  const context: FakeContext = {
    runId,
    stepId,
    attempt: options.attempt ?? 1,
    idempotencyKey: `${runId}:${stepId}`,
    signal: options.signal ?? new AbortController().signal,
    logs: [],
    partials: [],
    usages: [],
    log: (level, message) => context.logs.push({ level, message }),
    partial: (value) => context.partials.push(value),
    usage: (usage) => context.usages.push(usage),
    context: {
      get: (key) => shared.get(key),
      set: (key, value) => void shared.set(key, value),
      entries: () => Object.fromEntries(shared),
    },
    messenger: {
      post: (to, body) => void messages.push({ from: stepId, to, body, at: new Date(0).toISOString() }),
      inbox: () => messages.filter((message) => message.to === stepId || message.to === '*'),
    },
    workspace: {
      workspaceId: 'ws-test',
      outputDir: join(tmpdir(), 'tizmor-no-output'),
      readFolders: [],
      allowedHosts: [],
      ...options.workspace,
    },
  };
  return context;
}

/** Runs an agent the way the engine does: input checked (and defaults filled) by the agent's schema, then output checked. */
export async function runAgent<I, O>(agent: Agent<I, O>, input: unknown, context: AgentContext = makeContext()): Promise<O> {
  const output = await agent.execute(agent.input.parse(input), context);
  return agent.output.parse(output);
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`Rejected with a non-error: ${String(error)}`);
  }
  throw new Error('Expected the promise to reject, but it resolved.');
}
