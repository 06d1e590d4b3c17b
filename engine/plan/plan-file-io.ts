import { PlanFile, TizmorError, describeIssues, type PlanGraph } from '../api';
import { findGraphProblems } from './validate-graph';

/** A parsed plan file, split into what a plan keeps. */
export interface ParsedPlanFile {
  title: string;
  request: string | undefined;
  graph: PlanGraph;
}

/**
 * Parses and validates the text of a plan file (docs/plan-format.md).
 * Throws `bad_input` with every problem listed; never returns a broken graph.
 */
export function parsePlanFile(text: string): ParsedPlanFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new TizmorError('bad_input', `The plan file is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = PlanFile.safeParse(raw);
  if (!parsed.success) {
    throw new TizmorError('bad_input', 'The plan file does not match the plan format (version 1).', describeIssues(parsed.error));
  }
  const file = parsed.data;
  const graph: PlanGraph = { steps: file.steps, layout: file.layout ?? {} };
  const problems = findGraphProblems(graph).filter((problem) => problem.code !== 'dangling_layout');
  if (problems.length > 0) {
    const summary = problems.length === 1 ? (problems[0]?.message ?? '') : `The plan file has ${problems.length} problems.`;
    throw new TizmorError('bad_input', summary, problems);
  }
  for (const id of Object.keys(graph.layout)) {
    if (!graph.steps.some((step) => step.id === id)) delete graph.layout[id];
  }
  return { title: file.title, request: file.request, graph };
}

/** The text of a plan file: stable key order, two-space indent, a trailing newline. */
export function serializePlanFile(plan: { title: string; request: string | null }, graph: PlanGraph): string {
  const file: PlanFile = {
    version: 1,
    title: plan.title,
    ...(plan.request ? { request: plan.request } : {}),
    steps: graph.steps.map((step) => ({
      id: step.id,
      title: step.title,
      agent: step.agent,
      input: step.input,
      dependsOn: step.dependsOn,
      ...(step.approval !== undefined ? { approval: step.approval } : {}),
      ...(step.retry !== undefined ? { retry: step.retry } : {}),
      ...(step.timeoutMs !== undefined ? { timeoutMs: step.timeoutMs } : {}),
      ...(step.cache !== undefined ? { cache: step.cache } : {}),
      ...(step.resources !== undefined ? { resources: step.resources } : {}),
      ...(step.onError !== undefined ? { onError: step.onError } : {}),
      ...(step.forEach !== undefined ? { forEach: step.forEach } : {}),
      ...(step.concurrency !== undefined ? { concurrency: step.concurrency } : {}),
      ...(step.maxItems !== undefined ? { maxItems: step.maxItems } : {}),
      ...(step.onItemError !== undefined ? { onItemError: step.onItemError } : {}),
    })),
    ...(Object.keys(graph.layout).length > 0 ? { layout: graph.layout } : {}),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A file name for a plan title: letters (any script), digits and dashes. */
export function planFileName(title: string, version: number): string {
  const dashed = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  // Cut by code points (never half a character), then trim a dash the cut may leave.
  const base = Array.from(dashed).slice(0, 80).join('').replace(/-+$/g, '');
  return `${base || 'plan'}.v${version}.tizmor.json`;
}
