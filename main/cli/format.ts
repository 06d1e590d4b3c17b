import type { PlanDiff, PlanSummary, PlanWithVersion, VersionSummary } from '../../engine/api';

/** Plain-text tables for the terminal. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

export function formatPlanList(plans: PlanSummary[]): string {
  if (plans.length === 0) return 'No plans in this workspace yet.\n';
  return table([
    ['ID', 'TITLE', 'STEPS', 'VERSION', 'UPDATED'],
    ...plans.map((plan) => [plan.id, plan.title, String(plan.stepCount), `v${plan.headVersion}`, plan.updatedAt]),
  ]);
}

export function formatPlan({ plan, version }: PlanWithVersion): string {
  const lines = [
    `${plan.title}  (plan ${plan.id}, version ${version.number} of ${plan.headVersion})`,
    ...(plan.request ? [`Request: ${plan.request}`] : []),
    `Version ${version.number} by ${version.author}: ${version.message}`,
    '',
  ];
  if (version.graph.steps.length === 0) lines.push('No steps yet.');
  for (const step of version.graph.steps) {
    const waits = step.dependsOn.length > 0 ? `  ← waits for ${step.dependsOn.join(', ')}` : '';
    lines.push(`- ${step.id}: ${step.title} [${step.agent}]${waits}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatVersions(versions: VersionSummary[]): string {
  return table([
    ['VERSION', 'AUTHOR', 'STEPS', 'CREATED', 'MESSAGE'],
    ...versions.map((version) => [`v${version.number}`, version.author, String(version.stepCount), version.createdAt, version.message]),
  ]);
}

const show = (value: unknown): string => (value === null || value === undefined ? '(none)' : JSON.stringify(value));

/** A diff as a person reads it: `+` added, `-` removed, `~` changed field by field, `>` moved. */
export function formatDiff(diff: PlanDiff): string {
  const lines = [`Plan ${diff.planId}: version ${diff.from} → ${diff.to}`];
  const { summary } = diff;
  lines.push(
    `${summary.added} added, ${summary.removed} removed, ${summary.changed} changed, ${summary.moved} moved only, ` +
      `${summary.edgesAdded} links added, ${summary.edgesRemoved} links removed`,
    '',
  );
  for (const step of diff.stepsAdded) lines.push(`+ ${step.id}: ${step.title} [${step.agent}]`);
  for (const step of diff.stepsRemoved) lines.push(`- ${step.id}: ${step.title} [${step.agent}]`);
  for (const change of diff.stepsChanged) {
    lines.push(`~ ${change.stepId}`);
    for (const field of change.changes) lines.push(`    ${field.path}: ${show(field.before)} → ${show(field.after)}`);
  }
  for (const edge of diff.edgesAdded) lines.push(`+ link ${edge.from} → ${edge.to}`);
  for (const edge of diff.edgesRemoved) lines.push(`- link ${edge.from} → ${edge.to}`);
  const changed = new Set(diff.stepsChanged.map((change) => change.stepId));
  for (const move of diff.moved) {
    if (changed.has(move.stepId)) continue;
    lines.push(`> ${move.stepId} moved (${move.from ? `${Math.round(move.from.x)},${Math.round(move.from.y)}` : 'unplaced'} → ${move.to ? `${Math.round(move.to.x)},${Math.round(move.to.y)}` : 'unplaced'})`);
  }
  if (lines.length === 3) lines.push('The two versions have the same graph.');
  return `${lines.join('\n')}\n`;
}
