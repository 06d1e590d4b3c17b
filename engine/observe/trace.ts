import { parseItemStepId, type RunSummary, type Span, type StepRun } from '../api';
import type { RunEventRow } from '../store/run-repository';

const statusOf = (stepStatus: string): Span['status'] =>
  stepStatus === 'succeeded' ? 'ok' : stepStatus === 'cancelled' ? 'cancelled' : stepStatus === 'failed' ? 'error' : 'open';

/**
 * The run's trace, read from its event log: a span for the run, one per step (from its first start
 * to its end) and one per attempt (ended by a retry or by the step's end).
 */
export function buildTrace(run: RunSummary, events: readonly RunEventRow[], steps: readonly StepRun[]): Span[] {
  const runSpan: Span = {
    id: 'run',
    parentId: null,
    name: run.title,
    stepId: null,
    attempt: null,
    start: run.startedAt ?? run.createdAt,
    end: run.endedAt,
    status: run.status === 'completed' ? 'ok' : run.status === 'failed' ? 'error' : run.status === 'cancelled' ? 'cancelled' : 'open',
    attributes: { status: run.status, trigger: run.trigger, simulate: run.simulate },
  };
  const stepSpans = new Map<string, Span>();
  const openAttempts = new Map<string, Span>();
  const attempts: Span[] = [];
  const agents = new Map(steps.map((step) => [step.stepId, step.agentId]));

  const startAttempt = (stepId: string, attempt: number, at: string) => {
    let stepSpan = stepSpans.get(stepId);
    if (!stepSpan) {
      // A map step's items sit under the map step's span.
      const item = parseItemStepId(stepId);
      stepSpan = { id: `step:${stepId}`, parentId: item ? `step:${item.stepId}` : 'run', name: stepId, stepId, attempt: null, start: at, end: null, status: 'open', attributes: { agent: agents.get(stepId) ?? null } };
      stepSpans.set(stepId, stepSpan);
    }
    const span: Span = { id: `step:${stepId}:${attempt}`, parentId: stepSpan.id, name: `${stepId} attempt ${attempt}`, stepId, attempt, start: at, end: null, status: 'open', attributes: {} };
    openAttempts.set(stepId, span);
    attempts.push(span);
  };
  const endAttempt = (stepId: string, at: string, status: Span['status'], error: unknown) => {
    const span = openAttempts.get(stepId);
    if (!span) return;
    span.end = at;
    span.status = status;
    if (error) span.attributes.error = error;
    openAttempts.delete(stepId);
  };

  for (const event of events) {
    if (!event.stepId) continue;
    const payload = (event.payload ?? {}) as { status?: string; error?: unknown; cacheHit?: boolean };
    if (event.type === 'step.status' && payload.status === 'running') startAttempt(event.stepId, event.attempt ?? 1, event.at);
    else if (event.type === 'step.attempt') startAttempt(event.stepId, event.attempt ?? 1, event.at);
    else if (event.type === 'step.retry') endAttempt(event.stepId, event.at, 'error', payload.error);
    else if (event.type === 'step.status' && ['succeeded', 'failed', 'cancelled', 'skipped'].includes(payload.status ?? '')) {
      endAttempt(event.stepId, event.at, statusOf(payload.status ?? ''), payload.error);
      let stepSpan = stepSpans.get(event.stepId);
      if (!stepSpan && payload.status === 'succeeded') {
        // A cache hit has no attempt: the step span is instant.
        stepSpan = { id: `step:${event.stepId}`, parentId: 'run', name: event.stepId, stepId: event.stepId, attempt: null, start: event.at, end: null, status: 'open', attributes: { agent: agents.get(event.stepId) ?? null } };
        stepSpans.set(event.stepId, stepSpan);
      }
      if (stepSpan) {
        stepSpan.end = event.at;
        stepSpan.status = statusOf(payload.status ?? '');
        stepSpan.attributes.cacheHit = payload.cacheHit === true;
        if (payload.error) stepSpan.attributes.error = payload.error;
      }
    }
  }
  return [runSpan, ...stepSpans.values(), ...attempts];
}
