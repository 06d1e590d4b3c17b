import { z } from 'zod';
import { PlanGraph, describeIssues, type Problem, type ValidationResult } from '../api';
import type { AgentRegistry } from '../agents/registry';
import { findStepReferences, hasReference } from '../run/references';
import { findGraphProblems } from './validate-graph';

/** Steps upstream of each step (everything it waits for, directly or not). */
function ancestors(graph: PlanGraph): Map<string, Set<string>> {
  const byId = new Map(graph.steps.map((step) => [step.id, step]));
  const memo = new Map<string, Set<string>>();
  const visit = (id: string, trail: Set<string>): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const result = new Set<string>();
    if (trail.has(id)) return result;
    trail.add(id);
    for (const dependency of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dependency)) continue;
      result.add(dependency);
      for (const above of visit(dependency, trail)) result.add(above);
    }
    trail.delete(id);
    memo.set(id, result);
    return result;
  };
  for (const step of graph.steps) visit(step.id, new Set());
  return memo;
}

/**
 * Everything that must hold before a plan may run: the graph's structure, known agents,
 * inputs that match each agent's schema, and references only to upstream steps.
 */
export function lintPlan(graph: PlanGraph, agents: AgentRegistry): Problem[] {
  const problems = findGraphProblems(graph).filter((problem) => problem.code !== 'dangling_layout');
  const upstream = ancestors(graph);
  for (const step of graph.steps) {
    const agent = agents.get(step.agent);
    if (!agent) {
      problems.push({
        code: 'unknown_agent',
        stepId: step.id,
        message: `Step "${step.id}" uses the agent "${step.agent}", which does not exist. Known agents: ${agents
          .list()
          .map((item) => item.id)
          .join(', ')}.`,
      });
    } else {
      // Fields holding references are checked once resolved, at run time.
      const staticInput = Object.fromEntries(Object.entries(step.input).filter(([, value]) => !hasReference(value)));
      const checked = (agent.input as z.ZodType).safeParse(staticInput);
      if (!checked.success) {
        for (const issue of describeIssues(checked.error)) {
          const field = issue.path.split('.')[0] ?? '';
          if (field in step.input && hasReference(step.input[field])) continue;
          problems.push({
            code: 'input_schema',
            stepId: step.id,
            path: `input.${issue.path}`,
            message: `Step "${step.id}": input.${issue.path}: ${issue.message}`,
          });
        }
      }
    }
    for (const reference of findStepReferences(step.input)) {
      if (!upstream.get(step.id)?.has(reference.stepId)) {
        const exists = graph.steps.some((other) => other.id === reference.stepId);
        problems.push({
          code: 'bad_reference',
          stepId: step.id,
          path: reference.path,
          message: exists
            ? `Step "${step.id}" uses {{${reference.expression}}}, but "${reference.stepId}" is not upstream of it: add it to dependsOn.`
            : `Step "${step.id}" uses {{${reference.expression}}}, but there is no step "${reference.stepId}".`,
        });
      }
    }
  }
  return problems;
}

/** {@link lintPlan} for untrusted input: schema problems first. */
export function lintUnknownGraph(input: unknown, agents: AgentRegistry): ValidationResult {
  const parsed = PlanGraph.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: describeIssues(parsed.error).map((issue) => ({ code: 'schema' as const, path: issue.path, message: `${issue.path}: ${issue.message}` })),
    };
  }
  const problems = lintPlan(parsed.data, agents);
  return { ok: problems.length === 0, problems };
}
