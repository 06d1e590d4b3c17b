import { z } from 'zod';
import { TizmorError } from '../api';
import type { Agent, AnyAgent } from './agent';

/** What the catalog shows of an agent: to people, to the planner, and through `agents.list`. */
export interface AgentDescriptor {
  id: string;
  version: string;
  name: string;
  description: string;
  capabilities: string[];
  risk: Agent['risk'];
  idempotent: boolean;
  inputSchema: unknown;
  outputSchema: unknown;
}

/** The agents a workspace can use, by id. */
export interface AgentRegistry {
  get(id: string): AnyAgent | undefined;
  require(id: string): AnyAgent;
  list(): AnyAgent[];
  describe(): AgentDescriptor[];
}

function jsonSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });
  } catch {
    return {};
  }
}

export function createAgentRegistry(agents: readonly AnyAgent[]): AgentRegistry {
  const byId = new Map<string, AnyAgent>();
  for (const agent of agents) {
    if (byId.has(agent.id)) throw new Error(`Two agents have the id "${agent.id}".`);
    byId.set(agent.id, agent);
  }
  const sorted = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  const descriptors = sorted.map(
    (agent): AgentDescriptor => ({
      id: agent.id,
      version: agent.version,
      name: agent.name,
      description: agent.description,
      capabilities: agent.capabilities,
      risk: agent.risk,
      idempotent: agent.idempotent,
      inputSchema: jsonSchema(agent.input),
      outputSchema: jsonSchema(agent.output),
    }),
  );
  return {
    get: (id) => byId.get(id),
    require(id) {
      const agent = byId.get(id);
      if (!agent) throw new TizmorError('not_found', `There is no agent "${id}". Known agents: ${sorted.map((item) => item.id).join(', ')}.`);
      return agent;
    },
    list: () => sorted,
    describe: () => descriptors,
  };
}
