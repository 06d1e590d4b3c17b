import { z } from 'zod';
import type { AnyAgent } from '../agent';
import { wait } from './wait';

/** How a simulated agent behaves. */
export interface SimulatedAgentOptions {
  /** Pretended work time per step, the same for every input; 0 (the default) answers at once. */
  latencyMs?: number;
}

/**
 * The dry-run (`--simulate`) twin of an agent: same id, description, risk, idempotency and input
 * schema, so plans validate and gates behave as for real; it never touches the world and answers
 * with the agent's own `simulate(input)`, or `{simulated: true, agent}` when it has none.
 */
export function simulatedAgent(agent: AnyAgent, options: SimulatedAgentOptions = {}): AnyAgent {
  const latencyMs = options.latencyMs ?? 0;
  const answer = (input: unknown): unknown => agent.simulate?.(input) ?? { simulated: true, agent: agent.id };
  return {
    id: agent.id,
    version: `${agent.version}+sim`,
    // A stand-in's output is not a real result: never reuse it from the cache.
    cacheable: false,
    name: agent.name,
    description: agent.description,
    capabilities: [...agent.capabilities],
    input: agent.input,
    output: z.unknown(),
    risk: agent.risk,
    idempotent: agent.idempotent,
    // A question still waits for the person in a dry run: approvals and questions are part of the plan's shape.
    asksPerson: agent.asksPerson,
    async execute(input, ctx) {
      ctx.signal.throwIfAborted();
      if (latencyMs > 0) await wait(latencyMs, ctx.signal);
      return answer(input);
    },
    simulate: answer,
  };
}
