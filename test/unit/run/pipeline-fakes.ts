import { z } from 'zod';
import type { Step } from '../../../engine/api';
import type { AgentContext, AnyAgent } from '../../../engine/agents/agent';
import type { ExecuteContext } from '../../../engine/run/pipeline';
import { makeContext } from '../agents/fake-context';

/** An agent for pipeline tests; `execute` defaults to echoing its input. */
export function fakeAgent(overrides: Partial<AnyAgent> = {}): AnyAgent {
  return {
    id: 'fake',
    version: '1',
    name: 'Fake',
    description: 'A test agent.',
    capabilities: [],
    input: z.unknown(),
    output: z.unknown(),
    risk: 'read',
    idempotent: true,
    execute: async (input) => input,
    ...overrides,
  };
}

export function step(overrides: Partial<Step> = {}): Step {
  return { id: 's', title: 'S', agent: 'fake', input: {}, dependsOn: [], ...overrides };
}

export interface Recorded {
  retries: Array<{ attempt: number; error: unknown; delayMs: number }>;
  attempts: number[];
  waits: string[];
  /** The attempt number each agent context was built for. */
  contexts: AgentContext[];
}

/** An ExecuteContext whose callbacks record what the stages reported. */
export function executeContext(overrides: Partial<ExecuteContext> = {}): ExecuteContext & { recorded: Recorded } {
  const recorded: Recorded = { retries: [], attempts: [], waits: [], contexts: [] };
  const runSignal = overrides.runSignal ?? new AbortController().signal;
  const context: ExecuteContext & { recorded: Recorded } = {
    step: step(),
    agent: fakeAgent(),
    input: {},
    runSignal,
    attempt: 1,
    signal: runSignal,
    rateKeys: [],
    resources: [],
    random: () => 0.5,
    agentContext: () => {
      const made = makeContext({ attempt: context.attempt, signal: context.signal });
      recorded.contexts.push(made);
      return made;
    },
    onRetry: (attempt, error, delayMs) => void recorded.retries.push({ attempt, error, delayMs }),
    onAttempt: (attempt) => void recorded.attempts.push(attempt),
    onWait: (message) => void recorded.waits.push(message),
    tokensUsed: () => 0,
    ...overrides,
    recorded,
  };
  return context;
}
