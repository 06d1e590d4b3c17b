import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { TizmorError } from '../../engine/api';
import { parsePlanFile } from '../../engine/plan/plan-file-io';
import { formatDiff, formatPlan, formatPlanList, formatVersions } from './format';
import { printJson, readText, type CliSession } from './session';

function versionNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new TizmorError('bad_input', `--version must be a whole number from 1, not "${value}".`);
  return number;
}

/** `plans …`, `validate` and `workspaces …`. */
export function registerPlanCommands(program: Command, session: CliSession): void {
  const { io } = session;
  const plans = program.command('plans').description('list, show, import and export plans');
  plans
    .command('list')
    .description('plans of the workspace')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const api = session.client();
      const list = await api.plans.list({ workspaceId: (await session.workspace(api)).id });
      if (options.json) printJson(io, list);
      else io.stdout(formatPlanList(list));
    });
  plans
    .command('show <planId>')
    .description('a plan and its steps (the head version unless --version)')
    .option('--version <n>', 'version number')
    .option('--json', 'print JSON')
    .action(async (planId: string, options: { version?: string; json?: boolean }) => {
      const api = session.client();
      const found = await api.plans.get({ workspaceId: (await session.workspace(api)).id, planId, version: versionNumber(options.version) });
      if (options.json) printJson(io, found);
      else io.stdout(formatPlan(found));
    });
  plans
    .command('versions <planId>')
    .description('the version history of a plan, newest first')
    .option('--json', 'print JSON')
    .action(async (planId: string, options: { json?: boolean }) => {
      const api = session.client();
      const list = await api.plans.versions({ workspaceId: (await session.workspace(api)).id, planId });
      if (options.json) printJson(io, list);
      else io.stdout(formatVersions(list));
    });
  plans
    .command('diff <planId> <from> <to>')
    .description('what changed between two versions: steps added, removed, changed field by field, links, moves')
    .option('--json', 'print JSON')
    .action(async (planId: string, from: string, to: string, options: { json?: boolean }) => {
      const number = (value: string) => {
        const parsed = Number(value);
        if (!Number.isInteger(parsed) || parsed < 1) throw new TizmorError('bad_input', `A version is a whole number from 1, not "${value}".`);
        return parsed;
      };
      const api = session.client();
      const diff = await api.plans.diff({ workspaceId: (await session.workspace(api)).id, planId, from: number(from), to: number(to) });
      if (options.json) printJson(io, diff);
      else io.stdout(formatDiff(diff));
    });
  plans
    .command('import <file>')
    .description('create a plan from a plan file')
    .action(async (file: string) => {
      const content = await readText(file);
      const api = session.client();
      const created = await api.plans.importFile({ workspaceId: (await session.workspace(api)).id, content, fileName: basename(file) });
      io.stdout(`Imported "${created.plan.title}" as plan ${created.plan.id} (${created.version.stepCount} steps).\n`);
    });
  plans
    .command('export <planId>')
    .description('print a plan file (or write it with --out)')
    .option('--version <n>', 'version number (default: the newest)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (planId: string, options: { version?: string; out?: string }) => {
      const api = session.client();
      const file = await api.plans.exportFile({ workspaceId: (await session.workspace(api)).id, planId, version: versionNumber(options.version) });
      if (options.out) {
        await writeFile(options.out, file.content, 'utf8');
        io.stdout(`Wrote ${options.out}\n`);
      } else io.stdout(file.content);
    });

  program
    .command('validate <file>')
    .description('check a plan file without importing it')
    .action(async (file: string) => {
      const parsed = parsePlanFile(await readText(file));
      io.stdout(`${file}: valid plan "${parsed.title}" with ${parsed.graph.steps.length} steps.\n`);
    });

  const workspaces = program.command('workspaces').description('list and create workspaces');
  workspaces
    .command('list')
    .description('every workspace, the default first')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await session.client().workspaces.list({});
      if (options.json) printJson(io, list);
      else io.stdout(list.map((item) => `${item.id}  ${item.name}${item.isDefault ? '  (default)' : ''}\n`).join(''));
    });
  workspaces
    .command('create <name>')
    .description('create a workspace')
    .action(async (name: string) => {
      const created = await session.client().workspaces.create({ name });
      io.stdout(`Created workspace "${created.name}" (${created.id}).\n`);
    });
}
