import { z } from 'zod';
import { PlanGraph, describeIssues, forEachSource, type Problem, type ValidationResult } from '../api';
import type { AgentRegistry } from '../agents/registry';
import { findItemReferences, findStepReferences, hasReference } from '../run/references';
import { findGraphProblems } from './validate-graph';

/** Answers "is `target` upstream of `step`?" by walking dependsOn from the step; memoizes nothing big, so 10,000-step plans stay cheap. */
function upstreamChecker(graph: PlanGraph): (step: string, target: string) => boolean {
  const byId = new Map(graph.steps.map((item) => [item.id, item]));
  return (step, target) => {
    const seen = new Set<string>();
    const stack = [...(byId.get(step)?.dependsOn ?? [])];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (id === target) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      const dependencies = byId.get(id)?.dependsOn;
      if (dependencies) for (const dependency of dependencies) if (!seen.has(dependency)) stack.push(dependency);
    }
    return false;
  };
}

/**
 * Everything that must hold before a plan may run: the graph's structure, known agents,
 * inputs that match each agent's schema, and references only to upstream steps.
 */
export function lintPlan(graph: PlanGraph, agents: AgentRegistry): Problem[] {
  const problems = findGraphProblems(graph).filter((problem) => problem.code !== 'dangling_layout');
  const isUpstream = upstreamChecker(graph);
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
    problems.push(...mapProblems(step, graph, isUpstream));
    for (const reference of findStepReferences(step.input)) {
      if (!isUpstream(step.id, reference.stepId)) {
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

/** A map step's list must come from upstream; `{{item}}` and `{{index}}` exist only inside a map step. */
function mapProblems(step: PlanGraph['steps'][number], graph: PlanGraph, isUpstream: (step: string, target: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  const source = forEachSource(step);
  if (source !== null) {
    if (!isUpstream(step.id, source)) {
      const exists = graph.steps.some((other) => other.id === source);
      problems.push({
        code: 'bad_for_each',
        stepId: step.id,
        path: 'forEach',
        message: exists
          ? `Step "${step.id}" runs for each element of ${step.forEach}, but "${source}" is not upstream of it: add it to dependsOn.`
          : `Step "${step.id}" runs for each element of ${step.forEach}, but there is no step "${source}".`,
      });
    }
    return problems;
  }
  for (const reference of findItemReferences(step.input)) {
    problems.push({
      code: 'bad_for_each',
      stepId: step.id,
      path: reference.path,
      message: `Step "${step.id}" uses {{${reference.expression}}}, which only a step with forEach has: set its forEach or remove the reference.`,
    });
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
