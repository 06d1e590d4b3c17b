import { z } from 'zod';
import { Position, Step, StepId, type PlanGraph } from '../api/contract';

/** Copied steps: the dependencies among them are kept, the ones leading out are dropped. */
export interface StepClipboard {
  steps: Step[];
  layout: Record<string, Position>;
}

/** The text form on the system clipboard, so steps can go from one window or plan to another. */
const ClipboardText = z.object({
  tizmor: z.literal('steps'),
  steps: z.array(Step).min(1).max(10_000),
  layout: z.record(z.string(), Position).default({}),
});

export function copySteps(graph: PlanGraph, ids: ReadonlySet<string>, fallback: Record<string, Position> = {}): StepClipboard | null {
  const steps = graph.steps
    .filter((step) => ids.has(step.id))
    .map((step) => ({ ...step, dependsOn: step.dependsOn.filter((id) => ids.has(id)) }));
  if (steps.length === 0) return null;
  const layout: Record<string, Position> = {};
  for (const step of steps) {
    const position = graph.layout[step.id] ?? fallback[step.id];
    if (position) layout[step.id] = position;
  }
  return { steps, layout };
}

export function clipboardToText(clipboard: StepClipboard): string {
  return JSON.stringify({ tizmor: 'steps', ...clipboard }, null, 2);
}

/** The steps in a clipboard text, or null when it holds something else. */
export function clipboardFromText(text: string): StepClipboard | null {
  try {
    const parsed = ClipboardText.safeParse(JSON.parse(text));
    return parsed.success ? { steps: parsed.data.steps, layout: parsed.data.layout } : null;
  } catch {
    return null;
  }
}

/** `base`, or `base-copy`, `base-copy-2`… : the first id not in `taken` (and still a valid step id). */
export function freeStepId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  const stem = base.replace(/-copy(-\d+)?$/, '');
  for (let number = 1; ; number++) {
    const suffix = number === 1 ? '-copy' : `-copy-${number}`;
    const candidate = `${stem.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate) && StepId.safeParse(candidate).success) return candidate;
  }
}

/** Rewrites `{{steps.OLD…}}` references to renamed steps, deeply. */
export function renameReferences(value: unknown, renamed: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/(\{\{\s*steps\.)([A-Za-z][A-Za-z0-9_-]*)(?=[.\s}])/g, (whole, prefix: string, id: string) =>
      renamed.has(id) ? `${prefix}${renamed.get(id) as string}` : whole,
    );
  }
  if (Array.isArray(value)) return value.map((item) => renameReferences(item, renamed));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, renameReferences(item, renamed)]));
  }
  return value;
}

/**
 * The graph with the clipboard's steps added under free ids, shifted by `offset`; references,
 * `forEach` lists and dependencies among the pasted steps follow the new ids. Returns the new ids in clipboard order.
 */
export function pasteSteps(graph: PlanGraph, clipboard: StepClipboard, offset: Position): { graph: PlanGraph; ids: string[] } {
  const taken = new Set(graph.steps.map((step) => step.id));
  const renamed = new Map<string, string>();
  for (const step of clipboard.steps) {
    const id = freeStepId(step.id, taken);
    taken.add(id);
    renamed.set(step.id, id);
  }
  const placed = Object.values(clipboard.layout);
  const origin = placed.length > 0 ? { x: Math.min(...placed.map((p) => p.x)), y: Math.min(...placed.map((p) => p.y)) } : { x: 0, y: 0 };
  const layout = { ...graph.layout };
  const steps = clipboard.steps.map((step, index): Step => {
    const id = renamed.get(step.id) as string;
    const at = clipboard.layout[step.id] ?? { x: origin.x, y: origin.y + index * 100 };
    layout[id] = { x: Math.round(at.x + offset.x), y: Math.round(at.y + offset.y) };
    return {
      ...step,
      id,
      // Checked by the clipboard schema: an input is a JSON object, and renaming keeps its shape.
      input: renameReferences(step.input, renamed) as Record<string, unknown>,
      // A map step pasted with its list's step goes over the pasted copy of that list (a string stays a string).
      ...(step.forEach === undefined ? {} : { forEach: renameReferences(step.forEach, renamed) as string }),
      dependsOn: step.dependsOn.filter((dependency) => renamed.has(dependency)).map((dependency) => renamed.get(dependency) as string),
    };
  });
  return { graph: { steps: [...graph.steps, ...steps], layout }, ids: steps.map((step) => step.id) };
}
