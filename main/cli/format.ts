import type { PlanSummary, PlanWithVersion, VersionSummary } from '../../engine/api';

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
