import { TERMINAL_RUN_STATUSES } from '../api';
import type { Store } from '../store/store';

/** What past runs of a workspace say about one agent. */
export interface AgentStats {
  agentId: string;
  /** Finished attempts counted (succeeded or failed steps). */
  runs: number;
  /** 0..1 */
  successRate: number;
  /** Median duration of succeeded steps, in milliseconds (null when none finished with times). */
  medianMs: number | null;
  /** Average cost of a step, in US dollars. */
  costPerStepUsd: number;
}

/** How many recent runs the statistics read. */
export const HINT_RUN_WINDOW = 200;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Success rate, median duration and cost per agent, from the finished, real (not simulated)
 * runs among the workspace's last {@link HINT_RUN_WINDOW}. Skipped and cancelled steps say
 * nothing about an agent and are left out.
 */
export function agentStats(store: Store, workspaceId: string): AgentStats[] {
  const byAgent = new Map<string, { succeeded: number; failed: number; durations: number[]; cost: number }>();
  for (const run of store.runs.list(workspaceId, { limit: HINT_RUN_WINDOW })) {
    if (run.simulate || !TERMINAL_RUN_STATUSES.includes(run.status)) continue;
    for (const step of store.runs.steps(run.id)) {
      if (step.status !== 'succeeded' && step.status !== 'failed') continue;
      let entry = byAgent.get(step.agentId);
      if (!entry) byAgent.set(step.agentId, (entry = { succeeded: 0, failed: 0, durations: [], cost: 0 }));
      if (step.status === 'succeeded') {
        entry.succeeded += 1;
        if (step.startedAt && step.endedAt) {
          const ms = Date.parse(step.endedAt) - Date.parse(step.startedAt);
          if (Number.isFinite(ms) && ms >= 0) entry.durations.push(ms);
        }
      } else entry.failed += 1;
      entry.cost += step.costUsd;
    }
  }
  return [...byAgent.entries()]
    .map(([agentId, entry]) => {
      const runs = entry.succeeded + entry.failed;
      return { agentId, runs, successRate: entry.succeeded / runs, medianMs: median(entry.durations), costPerStepUsd: entry.cost / runs };
    })
    .sort((a, b) => a.agentId.localeCompare(b.agentId));
}

/** Lines for the prompt: "files.read: 12 finished steps, 92% succeeded, median 40 ms, $0.0000 per step". */
export function formatHints(stats: readonly AgentStats[]): string[] {
  return stats.map((item) => {
    const duration = item.medianMs === null ? 'no timing' : item.medianMs < 1000 ? `median ${Math.round(item.medianMs)} ms` : `median ${(item.medianMs / 1000).toFixed(1)} s`;
    return `${item.agentId}: ${item.runs} finished step${item.runs === 1 ? '' : 's'}, ${Math.round(item.successRate * 100)}% succeeded, ${duration}, $${item.costPerStepUsd.toFixed(4)} per step`;
  });
}

/**
 * A preference from -1 (keeps failing) to +1 (reliable) for choosing between agents;
 * 0 when there are too few finished steps to say.
 */
export function reliability(stats: readonly AgentStats[], agentId: string): number {
  const found = stats.find((item) => item.agentId === agentId);
  if (!found || found.runs < 3) return 0;
  return (found.successRate - 0.5) * 2;
}
