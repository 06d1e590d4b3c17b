import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { forEachSource, type Step } from '../../../engine/api';
import { defineAgent, type AnyAgent } from '../../../engine/agents/agent';
import { delayAgent, filesReadAgent, filesSearchAgent, filesWriteAgent, httpRequestAgent, templateAgent } from '../../../engine/agents/builtin';
import { llmAgents } from '../../../engine/agents/llm';
import { createNotifyAgent } from '../../../engine/agents/notify';
import { createAgentRegistry } from '../../../engine/agents/registry';
import { planOffline } from '../../../engine/planner/offline/offline-planner';
import { checkDraft } from '../../../engine/planner/plan-draft';
import { plannerCatalog } from '../../../engine/planner/prompt';

/** A request and what the offline planner should make of it (test/fixtures/requests/*.json). */
interface RequestFixture {
  request: string;
  language: 'en' | 'he';
  /** Agents of the steps, in plan order. */
  agents?: string[];
  /** Every edge, "from>to" by step id. */
  edges?: string[];
  shape?: 'single' | 'chain' | 'join' | 'fan-out' | 'branches';
  /** Parts of step inputs, by step id. */
  inputs?: Record<string, Record<string, unknown>>;
  titles?: Record<string, string>;
  /** Text the plan's notes must include. */
  notes?: string[];
  /** Map steps: the step each goes over (by `forEach`), by step id; no other step may be a map step. */
  forEach?: Record<string, string>;
  /** Where each map step's input uses `{{item…}}` / `{{index}}`, by step id. */
  itemReferences?: Record<string, string[]>;
  /** Extra agents in the catalog. */
  catalog?: Array<'calendar'>;
  /** The planner must refuse, saying this. */
  error?: string;
}

const FOLDER = join(import.meta.dirname, '..', '..', 'fixtures', 'requests');
const fixtures = readdirSync(FOLDER)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name: name.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(join(FOLDER, name), 'utf8')) as RequestFixture) }));

/** A calendar plugin as the planner would find it in the catalog. */
const calendarAgent = defineAgent({
  id: 'calendar.create',
  version: '1',
  name: 'Create a calendar event',
  description: 'Creates an event in the local calendar.',
  capabilities: ['calendar', 'schedule', 'write'],
  input: z.object({ title: z.string().min(1), start: z.string().min(1), description: z.string().optional(), attendees: z.array(z.string()).optional() }),
  output: z.object({ id: z.string() }),
  risk: 'write',
  idempotent: false,
  execute: async () => ({ id: 'event-1' }),
});

/** A fixed catalog (the built-ins as of this planner), so new built-ins elsewhere do not move these expectations. */
function registryFor(fixture: RequestFixture) {
  const agents: AnyAgent[] = [templateAgent, filesReadAgent, filesSearchAgent, filesWriteAgent, httpRequestAgent, delayAgent, ...llmAgents(() => null), createNotifyAgent(undefined)];
  if (fixture.catalog?.includes('calendar')) agents.push(calendarAgent);
  return createAgentRegistry(agents);
}

function shapeOf(steps: Step[]): RequestFixture['shape'] {
  if (steps.length === 1) return 'single';
  const dependents = new Map<string, number>();
  for (const step of steps) for (const dependency of step.dependsOn) dependents.set(dependency, (dependents.get(dependency) ?? 0) + 1);
  const parent = new Map(steps.map((step) => [step.id, step.id]));
  const find = (id: string): string => (parent.get(id) === id ? id : find(parent.get(id) as string));
  for (const step of steps) for (const dependency of step.dependsOn) parent.set(find(step.id), find(dependency));
  const components = new Set(steps.map((step) => find(step.id))).size;
  if (components > 1) return 'branches';
  if (steps.some((step) => step.dependsOn.length >= 2)) return 'join';
  if ([...dependents.values()].some((count) => count >= 2)) return 'fan-out';
  return 'chain';
}

const NOW = '2025-03-03T09:00:00.000Z';

/** Every step `stepId` waits for, directly or through others. */
function upstreamOf(steps: Step[], stepId: string): Set<string> {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const seen = new Set<string>();
  const pending = [...(byId.get(stepId)?.dependsOn ?? [])];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return seen;
}

/** The paths of an input's strings that name the current item of a map step. */
function itemReferencePaths(value: unknown, path = 'input'): string[] {
  if (typeof value === 'string') return /\{\{\s*(?:item(?:\.[^{}\s]+)?|index)\s*\}\}/.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => itemReferencePaths(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => itemReferencePaths(item, `${path}.${key}`));
  return [];
}

describe('the offline planner on recorded requests', () => {
  it('has at least 30 requests, half of them Hebrew', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(fixtures.filter((fixture) => fixture.language === 'he').length).toBeGreaterThanOrEqual(fixtures.length / 2);
  });

  it.each(fixtures)('$name', (fixture) => {
    const registry = registryFor(fixture);
    const catalog = plannerCatalog(registry);
    const plan = () => planOffline({ request: fixture.request, catalog, hints: [], modelAvailable: false, now: NOW });
    if (fixture.error) {
      expect(plan).toThrow(fixture.error);
      return;
    }
    const made = plan();
    // Valid by the same checks a model's plan must pass.
    const checked = checkDraft({ title: made.title, notes: made.notes, steps: made.steps }, catalog, registry);
    expect(checked.ok ? [] : checked.problems).toEqual([]);

    expect(made.steps.map((step) => step.agent)).toEqual(fixture.agents);
    const edges = made.steps.flatMap((step) => step.dependsOn.map((dependency) => `${dependency}>${step.id}`));
    expect(edges.sort()).toEqual([...(fixture.edges ?? [])].sort());
    expect(shapeOf(made.steps)).toBe(fixture.shape);
    for (const [id, input] of Object.entries(fixture.inputs ?? {})) {
      expect(made.steps.find((step) => step.id === id)?.input, `input of ${id}`).toMatchObject(input);
    }
    for (const [id, title] of Object.entries(fixture.titles ?? {})) expect(made.steps.find((step) => step.id === id)?.title).toBe(title);
    for (const note of fixture.notes ?? []) expect(made.notes.join('\n')).toContain(note);
    // Map steps go over a list from upstream; only they name the current item.
    const maps = made.steps.filter((step) => step.forEach !== undefined);
    expect(Object.fromEntries(maps.map((step) => [step.id, forEachSource(step)]))).toEqual(fixture.forEach ?? {});
    for (const step of maps) expect(upstreamOf(made.steps, step.id).has(forEachSource(step) ?? ''), `${step.id} goes over an upstream list`).toBe(true);
    const itemUses = Object.fromEntries(made.steps.map((step) => [step.id, itemReferencePaths(step.input)] as const).filter(([, paths]) => paths.length > 0));
    for (const id of Object.keys(itemUses)) expect(maps.map((step) => step.id), `${id} names the item`).toContain(id);
    for (const [id, paths] of Object.entries(fixture.itemReferences ?? {})) expect(itemUses[id], `item references of ${id}`).toEqual(paths);
    // Titles speak the language of the request.
    for (const step of made.steps) expect(/\p{Script=Hebrew}/u.test(step.title), step.title).toBe(fixture.language === 'he');
    // Deterministic.
    expect(plan()).toEqual(made);
  });
});
