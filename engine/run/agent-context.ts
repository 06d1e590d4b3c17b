import type { AgentContext, RunMessage, WorkspaceAccess } from '../agents/agent';
import type { ExecuteContext } from './pipeline';
import type { RunServices } from './run-services';
import { idempotencyKeyOf, type StepSlot } from './step-slot';

/** What an agent's context reaches in its run: the shared context, the messages, and the run's records. */
export interface RunScope {
  runId: string;
  workspaceId: string;
  services: RunServices;
  context: Map<string, unknown>;
  messages: RunMessage[];
  /** The folders and hosts the run may touch (read once per run: they do not change under it). */
  access: WorkspaceAccess;
  log(slot: StepSlot, level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  appendEvent(type: string, slot: StepSlot, attempt: number, payload: unknown): void;
}

/** The context one attempt of a step's agent runs with. */
export function agentContextFor(scope: RunScope, slot: StepSlot, execution: ExecuteContext): AgentContext {
  const { runId, workspaceId, services, context, messages } = scope;
  return {
    runId,
    stepId: slot.step.id,
    attempt: execution.attempt,
    idempotencyKey: idempotencyKeyOf(runId, slot),
    signal: execution.signal,
    log: (level, message) => scope.log(slot, level, String(message)),
    partial: (value) => services.bus.emit('step.partial', { workspaceId, runId, stepId: slot.step.id, value }),
    usage: ({ tokens, costUsd }) => {
      slot.tokens += Math.max(0, Math.round(tokens ?? 0));
      slot.costUsd += Math.max(0, costUsd ?? 0);
    },
    context: {
      get: (key) => context.get(key),
      set: (key, value) => {
        context.set(key, value);
        services.journal.write(() => services.store.runs.setContext(runId, key, value));
        scope.appendEvent('context.set', slot, execution.attempt, { key, value });
      },
      entries: () => Object.fromEntries(context),
    },
    messenger: {
      post: (to, body) => {
        const message: RunMessage = { from: slot.step.id, to, body, at: services.now() };
        messages.push(message);
        const seq = messages.length;
        services.journal.write(() => services.store.runs.appendMessage(runId, seq, message));
        scope.appendEvent('message.posted', slot, execution.attempt, { to, body });
      },
      inbox: () => messages.filter((message) => message.to === slot.step.id || message.to === '*'),
    },
    workspace: scope.access,
  };
}
