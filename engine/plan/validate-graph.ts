import { PlanGraph, describeIssues, type PlanGraph as Graph, type Problem, type ValidationResult } from '../api';
import { topologicalOrder } from './graph-analysis';

/** Structural problems of a parsed graph: duplicate ids, missing or self dependencies, cycles, layout for unknown steps. */
export function findGraphProblems(graph: Graph): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const step of graph.steps) {
    if (seen.has(step.id)) {
      problems.push({ code: 'duplicate_id', stepId: step.id, message: `Two steps have the id "${step.id}"; ids must be unique.` });
    }
    seen.add(step.id);
  }
  for (const step of graph.steps) {
    for (const dependency of step.dependsOn) {
      if (dependency === step.id) {
        problems.push({ code: 'self_dependency', stepId: step.id, message: `Step "${step.id}" depends on itself.` });
      } else if (!seen.has(dependency)) {
        problems.push({
          code: 'missing_dependency',
          stepId: step.id,
          message: `Step "${step.id}" waits for "${dependency}", which is not a step of this plan.`,
        });
      }
    }
  }
  const order = topologicalOrder(graph.steps);
  if (!order.ok) {
    problems.push({
      code: 'cycle',
      stepId: order.cycle[0],
      message: `These steps wait for each other in a circle, so none can start: ${order.cycle.join(' → ')}.`,
    });
  }
  for (const id of Object.keys(graph.layout)) {
    if (!seen.has(id)) {
      problems.push({ code: 'dangling_layout', stepId: id, message: `The layout places "${id}", which is not a step.` });
    }
  }
  return problems;
}

/** Validates untrusted input as a plan graph: schema first, then structure. */
export function validateGraph(input: unknown): ValidationResult {
  const parsed = PlanGraph.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: describeIssues(parsed.error).map((issue) => ({
        code: 'schema' as const,
        path: issue.path,
        stepId: stepIdAt(input, issue.path),
        message: `${issue.path}: ${issue.message}`,
      })),
    };
  }
  const problems = findGraphProblems(parsed.data);
  return { ok: problems.every((problem) => problem.code === 'dangling_layout'), problems };
}

function stepIdAt(input: unknown, path: string): string | undefined {
  const match = /^steps\.(\d+)/.exec(path);
  if (!match || typeof input !== 'object' || input === null) return undefined;
  const steps = (input as { steps?: unknown }).steps;
  if (!Array.isArray(steps)) return undefined;
  const step: unknown = steps[Number(match[1])];
  const id = typeof step === 'object' && step !== null ? (step as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}
