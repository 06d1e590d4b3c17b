import type { AgentDescriptor } from '../../api';
import { reliability, type AgentStats } from '../learning-hints';

/** What a step should be given, by meaning; each agent's own field names are found from these. */
export type Values = Record<string, unknown>;

/** Field names that mean the same thing across agents (a plugin's `body` is our `text`). */
const ALIASES: Record<string, string[]> = {
  text: ['text', 'content', 'body', 'input', 'document', 'message'],
  prompt: ['prompt', 'instruction', 'instructions', 'task'],
  query: ['query', 'q', 'search', 'pattern', 'term'],
  path: ['path', 'file', 'filename', 'fileName'],
  url: ['url', 'endpoint', 'href', 'address'],
  to: ['to', 'recipient', 'recipients', 'email'],
  subject: ['subject', 'title'],
  title: ['title', 'summary', 'subject', 'name'],
  message: ['message', 'body', 'text', 'content'],
  start: ['start', 'startTime', 'startsAt', 'when', 'datetime', 'date'],
};

interface JsonObjectSchema {
  properties?: Record<string, { type?: unknown; items?: unknown }>;
  required?: string[];
}

function schemaOf(agent: AgentDescriptor): JsonObjectSchema {
  return (agent.inputSchema ?? {}) as JsonObjectSchema;
}

/** Maps meaning-named values onto the agent's input fields; null when a required field stays empty. */
export function fitInput(agent: AgentDescriptor, values: Values): Record<string, unknown> | null {
  const schema = schemaOf(agent);
  const properties = schema.properties ?? {};
  const input: Record<string, unknown> = {};
  const used = new Set<string>();
  for (const field of Object.keys(properties)) {
    if (values[field] !== undefined) {
      input[field] = values[field];
      used.add(field);
    }
  }
  for (const field of Object.keys(properties)) {
    if (field in input) continue;
    for (const [meaning, names] of Object.entries(ALIASES)) {
      if (!names.includes(field) || values[meaning] === undefined || used.has(meaning)) continue;
      input[field] = values[meaning];
      used.add(meaning);
      break;
    }
  }
  const missing = (schema.required ?? []).filter((field) => input[field] === undefined);
  return missing.length > 0 ? null : input;
}

export interface AgentChoice {
  agent: AgentDescriptor;
  input: Record<string, unknown>;
}

/**
 * Picks the agent for a job: it must have every capability asked for and take the values given.
 * The usual built-in wins ties; past runs move the choice (an agent that keeps failing loses to
 * one that succeeds).
 */
export function chooseAgent(
  catalog: readonly AgentDescriptor[],
  hints: readonly AgentStats[],
  job: { capabilities: string[]; preferred?: string; values: Values; exclude?: string[] },
): AgentChoice | null {
  let best: (AgentChoice & { score: number }) | null = null;
  for (const agent of catalog) {
    if (job.exclude?.includes(agent.id)) continue;
    if (!job.capabilities.every((capability) => agent.capabilities.includes(capability))) continue;
    const input = fitInput(agent, job.values);
    if (!input) continue;
    const score = (agent.id === job.preferred ? 1 : 0) + 1.5 * reliability(hints, agent.id);
    if (!best || score > best.score || (score === best.score && agent.id < best.agent.id)) best = { agent, input, score };
  }
  return best ? { agent: best.agent, input: best.input } : null;
}
