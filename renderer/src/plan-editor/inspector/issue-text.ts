import type { TFunction } from 'i18next';
import type { AgentDescriptor, Problem, Step } from '../../api/contract';
import type { Language } from '../../i18n/i18n';
import { formOf, pathFromProblem, pathKey, validateField, type FieldIssue } from './form-model';

/** A field issue as a sentence in the interface language. */
export function issueText(t: TFunction, issue: FieldIssue): string {
  return t(`fieldIssue.${issue.code}`, { limit: issue.limit ?? '' });
}

/**
 * A linter problem as a sentence: the engine's own (English, precise) message in English, a
 * translation by its code otherwise.
 */
export function problemText(t: TFunction, problem: Problem, language: Language, agent?: string): string {
  const key = language === 'en' ? undefined : problemKeys[problem.code];
  // English, and codes newer than this list, show the engine's own message.
  if (!key) return problem.message.replace(/^Step "[^"]+":\s*/, '');
  return t(key, { path: problem.path ?? '', agent: agent ?? '' });
}

/** Translation keys of the linter's problem codes (map steps keep theirs with the rest of their texts). */
const problemKeys: Partial<Record<Problem['code'], string>> = {
  duplicate_id: 'problems.code.duplicateId',
  missing_dependency: 'problems.code.missingDependency',
  self_dependency: 'problems.code.selfDependency',
  cycle: 'problems.code.cycle',
  dangling_layout: 'problems.code.danglingLayout',
  schema: 'problems.code.schema',
  unknown_agent: 'problems.code.unknownAgent',
  input_schema: 'problems.code.inputSchema',
  bad_reference: 'problems.code.badReference',
  needs_model: 'problems.code.needsModel',
  bad_for_each: 'mapStep.problem',
};

/**
 * A linter problem about one input field, said the way the form says it at the field ("This
 * field is required." rather than zod's "expected string, received undefined") when the form's
 * own check finds the same field at fault; else as {@link problemText} says it.
 */
export function problemAtField(t: TFunction, problem: Problem, language: Language, step: Step | undefined, agent: AgentDescriptor | undefined): string {
  const path = problem.code === 'input_schema' ? pathFromProblem(problem.path) : null;
  const form = path && step && agent ? formOf(agent.inputSchema) : null;
  const issue = form && path ? validateField(form, step?.input ?? {}).find((candidate) => pathKey(candidate.path) === pathKey(path)) : undefined;
  if (issue) return issueText(t, issue);
  return problemText(t, problem, language, step?.agent);
}

/** Whether the form's own check still finds fault at the field an input problem points at (true when it cannot tell). */
export function stillWrong(problem: Problem, step: Step, agent: AgentDescriptor | undefined): boolean {
  const path = pathFromProblem(problem.path);
  const form = agent ? formOf(agent.inputSchema) : null;
  if (!path || !form) return true;
  return validateField(form, step.input).some((issue) => pathKey(issue.path) === pathKey(path));
}
