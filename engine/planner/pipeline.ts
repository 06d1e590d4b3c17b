import { TizmorError, type PlanGraph } from '../api';
import type { DraftCheck, PartialStep, PlanDraft } from './plan-draft';
import { partialSteps } from './plan-draft';
import { askShorter, withProblems } from './prompt';
import { ProviderError, type PlannerPrompt, type PlannerProvider, type ProviderName } from './provider';
import { JsonSyntaxError, parseModelJson, parsePartialModelJson } from './tolerant-json';

/** Tells the person how generation goes: steps as they arrive, and retries with their reason. */
export type PipelineReport = (phase: 'partial' | 'retrying', steps: PartialStep[], message: string | null) => void;

export interface PipelineOptions {
  provider: PlannerProvider;
  prompt: PlannerPrompt;
  /** Schema, limits and lint: the same checks for every provider. */
  check: (value: unknown) => DraftCheck;
  /** The offline planner, used when the provider cannot give a valid plan; null when the provider is the offline planner. */
  fallback: PlannerProvider | null;
  report: PipelineReport;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  /** Retries that send the problems back (2: three tries in all). */
  planRetries?: number;
  /** Retries after 429 and 5xx answers. */
  faultRetries?: number;
  /** A longer wait than this (a 429 asking for minutes) is not waited out. */
  maxWaitMs?: number;
}

export interface PipelineResult {
  draft: PlanDraft;
  graph: PlanGraph;
  /** The provider whose plan this is (the offline planner after a fallback). */
  provider: ProviderName;
  model: string | null;
  label: string;
  /** What the person should know: why the plan is the offline planner's, and the planner's own notes. */
  warnings: string[];
  /** Why the first provider's plan was not used, when it was not. */
  fallbackReason: string | null;
  tokens: number;
  costUsd: number;
}

/** The first provider could not give a valid plan; the message says why, for a warning. */
class FallBack extends Error {}

const seconds = (ms: number) => (ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10);

/**
 * prompt → call → tolerant parse → schema, limits and graph checks → on failure up to two
 * retries with the exact problems sent back → else the offline planner's plan with a warning.
 * Provider faults: 429 waits as asked, 5xx backs off, a cut-off answer is asked again shorter,
 * a safety block or a network error falls back, a refused key stops with where to fix it.
 * Only a plan that passed every check is returned.
 */
export async function runPlannerPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const planRetries = options.planRetries ?? 2;
  const faultRetries = options.faultRetries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const { report, signal } = options;
  let tokens = 0;
  let costUsd = 0;

  async function ask(provider: PlannerProvider, retries: number): Promise<{ draft: PlanDraft; graph: PlanGraph }> {
    let prompt = options.prompt;
    let planTries = 0;
    let faults = 0;
    const label = provider.label;
    for (;;) {
      let shown = '';
      const onText = (text: string) => {
        const { value, incomplete } = parsePartialModelJson(text);
        const steps = partialSteps(value, incomplete);
        const key = `${steps.length}:${steps[steps.length - 1]?.id ?? ''}`;
        if (steps.length > 0 && key !== shown) {
          shown = key;
          report('partial', steps, null);
        }
      };
      let result;
      try {
        result = await provider.generate(prompt, { signal, onText });
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        if (error.fault === 'aborted') throw new TizmorError('unavailable', `Planning was stopped: ${error.message}`);
        if (error.fault === 'auth') {
          throw new TizmorError(
            'unauthorized',
            `${label} refused the API key (${error.status ?? 'no status'}): ${error.message} Check the key in Settings → Planner (GEMINI_API_KEY or OPENAI_API_KEY for the server and the CLI).`,
          );
        }
        if ((error.fault === 'rate_limited' || error.fault === 'server') && faults < faultRetries) {
          faults += 1;
          const backoff = 1000 * 2 ** (faults - 1);
          const wait = error.fault === 'rate_limited' ? (error.retryAfterMs ?? backoff) : backoff;
          if (wait > maxWaitMs) throw new FallBack(`${label} is rate-limited and asks to wait ${seconds(wait)} s.`);
          report(
            'retrying',
            [],
            error.fault === 'rate_limited'
              ? `${label} is busy (429, too many requests): waiting ${seconds(wait)} s, then trying again (${faults} of ${faultRetries}).`
              : `${label} had a server error (${error.status ?? '5xx'}): trying again in ${seconds(wait)} s (${faults} of ${faultRetries}).`,
          );
          await options.sleep(wait, signal);
          continue;
        }
        if (error.fault === 'rate_limited') throw new FallBack(`${label} was still rate-limited after ${faultRetries} retries.`);
        if (error.fault === 'server') throw new FallBack(`${label} kept failing with server errors (${error.message}).`);
        throw new FallBack(error.message);
      }
      tokens += result.inputTokens + result.outputTokens;
      costUsd += result.costUsd;
      if (result.finishReason === 'safety') {
        throw new FallBack(`${label} blocked the answer for safety reasons (${result.finishDetail ?? 'safety'}); if that is a mistake, rephrase the request.`);
      }
      if (result.finishReason === 'max_tokens') {
        if (planTries < retries) {
          planTries += 1;
          report('retrying', [], `The answer was too long and was cut off; asking ${label} for a shorter plan (try ${planTries + 1} of ${retries + 1}).`);
          prompt = askShorter(prompt);
          continue;
        }
        throw new FallBack(`${label}'s answer was cut off at its length limit ${retries + 1} times.`);
      }
      let problems: string[];
      try {
        const checked = options.check(parseModelJson(result.text));
        if (checked.ok) return { draft: checked.draft, graph: checked.graph };
        problems = checked.problems;
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error;
        problems = [error.message];
      }
      if (planTries < retries) {
        planTries += 1;
        const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
        report('retrying', [], `The plan had ${count} (${problems[0]}); asking ${label} to fix ${problems.length === 1 ? 'it' : 'them'} (try ${planTries + 1} of ${retries + 1}).`);
        prompt = withProblems(prompt, result.text, problems);
        continue;
      }
      if (provider.name === 'offline') throw new TizmorError('internal', `The offline planner made a plan that does not pass its checks: ${problems.join(' ')}`);
      throw new FallBack(`${label}'s plan was still invalid after ${retries + 1} tries: ${problems.slice(0, 3).join(' ')}`);
    }
  }

  const done = (provider: PlannerProvider, plan: { draft: PlanDraft; graph: PlanGraph }, warnings: string[], fallbackReason: string | null): PipelineResult => ({
    ...plan,
    provider: provider.name,
    model: provider.model,
    label: provider.label,
    warnings: [...warnings, ...(plan.draft.notes ?? [])],
    fallbackReason,
    tokens,
    costUsd,
  });

  try {
    return done(options.provider, await ask(options.provider, planRetries), [], null);
  } catch (error) {
    if (!(error instanceof FallBack) || !options.fallback) throw error;
    const reason = error.message;
    report('retrying', [], `${reason} Making the plan with the offline planner instead.`);
    try {
      const plan = await ask(options.fallback, 0);
      return done(options.fallback, plan, [`${reason} This is the offline planner's plan instead; check it before running.`], reason);
    } catch (offlineError) {
      if (offlineError instanceof TizmorError && offlineError.code === 'bad_input') {
        throw new TizmorError('unavailable', `${reason} The offline planner could not plan it either: ${offlineError.message}`);
      }
      throw offlineError;
    }
  }
}
