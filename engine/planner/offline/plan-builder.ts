import type { AgentDescriptor, Step } from '../../api';
import type { AgentStats } from '../learning-hints';
import { chooseAgent, type AgentChoice, type Values } from './agent-choice';
import type { Language } from './analyze-request';
import { TITLES, type TitleKind } from './titles';

/** `{{steps.ID.output.FIELD}}`. */
export const ref = (stepId: string, field = 'text') => `{{steps.${stepId}.output.${field}}}`;

/** Letters and digits of a text, for step ids and file names: "Acme Corp." → "acme-corp". */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 30);
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Text outputs of steps, joined for the next step to read. */
export function joined(ids: string[]): string {
  return ids.map((id) => ref(id)).join('\n\n');
}

/** The steps and notes of a plan as the offline planner builds it, with free ids and titles in the request's language. */
export class PlanBuilder {
  readonly steps: Step[] = [];
  readonly notes: string[] = [];
  private readonly ids = new Set<string>();

  constructor(
    readonly catalog: readonly AgentDescriptor[],
    readonly hints: readonly AgentStats[],
    readonly language: Language,
    /** Whether a model is configured (some agents do less without one). */
    readonly modelAvailable = false,
  ) {}

  choose(capabilities: string[], preferred: string | undefined, values: Values): AgentChoice | null {
    return chooseAgent(this.catalog, this.hints, { capabilities, preferred, values });
  }

  title(kind: TitleKind, detail = ''): string {
    return TITLES[kind][this.language](detail);
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Adds a step under the first free id from `base`; `forEach` makes it a map step over that list. */
  add(base: string, title: string, choice: AgentChoice, dependsOn: string[], forEach?: string): string {
    let id = base;
    for (let counter = 2; this.ids.has(id); counter += 1) id = `${base}-${counter}`;
    this.ids.add(id);
    this.steps.push({
      id,
      title: Array.from(title).slice(0, 200).join(''),
      agent: choice.agent.id,
      input: choice.input,
      dependsOn: [...new Set(dependsOn)],
      ...(forEach ? { forEach } : {}),
    });
    return id;
  }

  has(agentId: string): boolean {
    return this.steps.some((step) => step.agent === agentId);
  }
}
