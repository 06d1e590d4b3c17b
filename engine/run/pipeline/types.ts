import type { Step } from '../../api';
import type { AgentContext, AnyAgent } from '../../agents/agent';
import type { ReferenceSource } from '../references';

/** What the first stages decide before a step takes a slot. */
export type Preparation =
  | { kind: 'run'; input: unknown }
  | { kind: 'cached'; input: unknown; output: unknown }
  | { kind: 'approval'; input: unknown; reason: string }
  | { kind: 'fail'; input: unknown; error: string };

/** What a prepare stage sees. */
export interface PrepareContext {
  workspaceId: string;
  step: Step;
  agent: AnyAgent;
  references: ReferenceSource;
  /** An approved, possibly edited input replaces the resolved one. */
  approvedInput: { input: unknown } | null;
  autoApprove: boolean;
  cache: { lookup(key: string): { output: unknown } | undefined };
  /** A map step's item: its element and index (part of the cache key). */
  item?: { value: unknown; index: number };
}

/** A prepare stage: decides, or hands on to the next stage with the input so far. */
export type PrepareStage = (context: PrepareContext, input: unknown, next: (input: unknown) => Preparation) => Preparation;

/** What the agent returned, with the usage it reported. */
export interface AgentResult {
  output: unknown;
}

/** What an execute stage sees; `attempt` and `signal` are set per attempt by the retry and timeout stages. */
export interface ExecuteContext {
  step: Step;
  agent: AnyAgent;
  input: unknown;
  /** Aborted when the run is cancelled. */
  runSignal: AbortSignal;
  attempt: number;
  signal: AbortSignal;
  /** Rate-limit keys of this step (`agent:<id>`, …). */
  rateKeys: string[];
  /** Lock names, already namespaced by workspace. */
  resources: string[];
  random(): number;
  /** Builds the agent's context for the current attempt. */
  agentContext(): AgentContext;
  /** Records that an attempt failed and the next starts after `delayMs`. */
  onRetry(attempt: number, error: unknown, delayMs: number): void;
  /** Records that attempt N (N ≥ 2) started. */
  onAttempt(attempt: number): void;
  /** Waiting for something (a rate limit, a lock) — shown in the step's log. */
  onWait(message: string): void;
  /** Model tokens the step reported so far. */
  tokensUsed(): number;
}

export type ExecuteStage = (context: ExecuteContext, next: () => Promise<AgentResult>) => Promise<AgentResult>;
