import type { Migration } from './migration';

/**
 * A step that has not run yet has no `step_runs` row: its record is the pending one its plan step implies, and
 * the row is written the first time it changes. Starting a run no longer inserts a row per step only to update
 * each one moments later (about 2 µs a step). `runs.step_count` keeps the number of plan steps, so a summary
 * still counts the pending ones without reading the graph. Runs recorded before this had a row for every step.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'unwritten-pending-steps',
  sql: `
    ALTER TABLE runs ADD COLUMN step_count INTEGER NOT NULL DEFAULT 0;
    UPDATE runs SET step_count = (SELECT COUNT(*) FROM step_runs WHERE step_runs.run_id = runs.id AND instr(step_runs.step_id, '[') = 0);
  `,
};
