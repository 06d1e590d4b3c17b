import type { AgentDescriptor, PlanGraph, Step } from '../api';
import type { AgentRegistry } from '../agents/registry';
import { formatHints } from './learning-hints';
import { draftJsonSchema, MAX_GENERATED_STEPS } from './plan-draft';
import type { OfflineRequest, PlannerPrompt } from './provider';

/** Tool discovery: the agents the planner may use. Simulators stand in for real agents in dry runs and are not offered. */
export function plannerCatalog(registry: AgentRegistry): AgentDescriptor[] {
  return registry.describe().filter((agent) => !agent.capabilities.includes('simulate'));
}

/** The output fields of an agent, for writing `{{steps.ID.output.FIELD}}`. */
function outputFields(schema: unknown): string {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> } | null)?.properties;
  if (!properties) return 'any value';
  return Object.entries(properties)
    .map(([name, value]) => `${name}${typeof value?.type === 'string' ? ` (${value.type})` : ''}`)
    .join(', ');
}

function compactSchema(schema: unknown): string {
  return JSON.stringify(schema, (key, value: unknown) => (key === '$schema' ? undefined : value));
}

function describeAgent(agent: AgentDescriptor): string {
  return [
    `- ${agent.id}: ${agent.name}. ${agent.description}`,
    `  capabilities: ${agent.capabilities.join(', ') || 'none'}; risk: ${agent.risk}`,
    `  input schema: ${compactSchema(agent.inputSchema)}`,
    `  output fields: ${outputFields(agent.outputSchema)}`,
  ].join('\n');
}

/** The map step example the prompt teaches: a list file read → one step per client → a summary of all. */
export const MAP_EXAMPLE: Step[] = [
  { id: 'read', title: 'Read the client list', agent: 'files.read', dependsOn: [], input: { path: 'clients.txt' } },
  {
    id: 'write',
    title: 'Write a report for each client',
    agent: 'llm.generate',
    dependsOn: ['read'],
    forEach: '{{steps.read.output.lines}}',
    input: { prompt: 'Write a short report for {{item}} (client number {{index}}).' },
  },
  { id: 'summary', title: 'Summarize all reports', agent: 'llm.summarize', dependsOn: ['write'], input: { text: 'The reports: {{steps.write.output}}' } },
];

const SYSTEM = `You are the planner of Tizmor. Tizmor turns a person's request into a plan: a graph of steps, each done by one agent, run on the person's computer.
Answer with exactly one JSON object and nothing else:
{"title": string, "notes": [string], "steps": [{"id": string, "title": string, "agent": string, "dependsOn": [string], "input": object, "approval"?: "auto"|"always"|"never", "forEach"?: string, "concurrency"?: number, "maxItems"?: number, "onItemError"?: "fail"|"collect"}]}
Rules:
- Use only agents from the catalog, by their id. Each step's input must match its agent's input schema.
- Step ids are unique, start with a letter and hold only letters, digits, "_" and "-".
- dependsOn lists the ids of the steps a step waits for. Independent steps do not wait for each other, so they run in parallel. No cycles.
- To use an earlier step's result, write {{steps.ID.output.FIELD}} inside a string of the input, with FIELD from that agent's output fields. ID must be upstream: in dependsOn, directly or through other steps.
- For work done once per item of a list known only when the plan runs ("for each client", "every customer", "all clients", "לכל לקוח", "כל הלקוחות"), use ONE map step, not a step per item: give it "forEach": "{{steps.ID.output.PATH}}", exactly one reference to an array that an upstream step (in dependsOn) outputs. Inside its input, {{item}} is the current element, {{item.FIELD}} a field of it, and {{index}} its position (from 0); no other step may use them. Its output is the array of every item's output, in order: a later step reads it whole as {{steps.MAP_ID.output}} inside a text, or goes over it with its own forEach and {{item.FIELD}}. Optional: "concurrency" (items at once), "maxItems" (a guard, default 1000), "onItemError": "fail" (default) or "collect" (failed items are marked and the rest go on). A file with one item per line gives its lines as an array; if the list is inside other text (a page, a CSV, a document), first turn it into an array, e.g. with an extract agent.
  Example: ${MAP_EXAMPLE.map((step) => JSON.stringify(step)).join(', then ')}.
  If the request names the items itself ("for each of Acme, Globex"), plain steps per item are fine.
- At most ${MAX_GENERATED_STEPS} steps; prefer fewer. Titles are short and written in the language of the request (Hebrew requests get Hebrew titles).
- If the request needs something no agent can do, leave it out and say so in "notes". Never invent agents or placeholder data.`;

/** Builds the planner's prompt: rules, the workspace's catalog, what past runs taught, and the request (or the plan to change). */
export function buildPlannerPrompt(context: OfflineRequest): PlannerPrompt {
  const hints = formatHints(context.hints);
  const parts = [
    `Agent catalog (use only these):\n${context.catalog.map(describeAgent).join('\n')}`,
    hints.length > 0
      ? `What past runs in this workspace show (prefer agents that succeed; avoid slow or failing ones when another fits):\n${hints.map((line) => `- ${line}`).join('\n')}`
      : '',
    context.basePlan
      ? `The current plan "${context.basePlan.title}":\n${graphJson(context.basePlan.graph)}\n\nChange it as the person asks and answer with the whole changed plan (keep the ids of steps you keep).\nThe original request: ${context.request}\nThe change: ${context.instruction ?? ''}`
      : `The request:\n${context.request}`,
  ].filter(Boolean);
  return {
    system: SYSTEM,
    messages: [{ role: 'user', text: parts.join('\n\n') }],
    json: true,
    responseSchema: draftJsonSchema(context.catalog),
    maxOutputTokens: 8192,
    offline: context,
  };
}

function graphJson(graph: PlanGraph): string {
  return JSON.stringify({ steps: graph.steps }, null, 1);
}

/** The next turn after an invalid answer: the model's own answer, then the exact problems. */
export function withProblems(prompt: PlannerPrompt, answer: string, problems: readonly string[]): PlannerPrompt {
  return {
    ...prompt,
    messages: [
      ...prompt.messages,
      { role: 'model', text: answer },
      {
        role: 'user',
        text: `That plan cannot run. Fix these problems and answer with the whole corrected plan as JSON only:\n${problems.map((problem) => `- ${problem}`).join('\n')}`,
      },
    ],
  };
}

/** The next turn after an answer that was cut off at the token limit. */
export function askShorter(prompt: PlannerPrompt): PlannerPrompt {
  return {
    ...prompt,
    messages: [
      ...prompt.messages,
      {
        role: 'user',
        text: 'Your answer was cut off because it was too long. Answer again with a shorter plan: at most 12 steps, short titles, short inputs, JSON only.',
      },
    ],
  };
}
