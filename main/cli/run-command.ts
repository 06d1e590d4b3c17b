import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { TizmorError, type Input } from '../../engine/api';
import { parsePlanFile } from '../../engine/plan/plan-file-io';
import { watchRuns } from './follow-run';
import { readText, type CliSession } from './session';

interface RunOptions {
  simulate?: boolean;
  yes?: boolean;
  allowHost: string[];
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** What `runs.start` gets for FILE (an ad-hoc graph) or PLAN_ID (its head version). */
async function startInput(target: string, workspaceId: string, options: RunOptions): Promise<Input<'runs.start'>> {
  const runOptions = { simulate: Boolean(options.simulate), autoApprove: Boolean(options.yes), allowHosts: options.allowHost };
  if (isFile(target)) {
    const parsed = parsePlanFile(await readText(target));
    return { workspaceId, graph: parsed.graph, title: parsed.title, trigger: 'cli', options: runOptions };
  }
  if (/[\\/]|\.json$/i.test(target)) throw new TizmorError('bad_input', `There is no plan file ${target}.`);
  return { workspaceId, planId: target, trigger: 'cli', options: runOptions };
}

/** `tizmor run FILE|PLAN_ID`: starts a run here and shows it until it ends or waits for a person. */
export function registerRunCommand(program: Command, session: CliSession): void {
  program
    .command('run <file-or-plan-id>')
    .description('run a plan file or a saved plan here, showing its progress; exits 0 completed, 1 failed, 2 bad plan, 3 cancelled or waiting for approval')
    .option('--simulate', 'replace every agent by its simulator: nothing touches the world; approvals and limits still apply')
    .option('--yes', 'approve every approval gate of this run (each approval is still recorded)')
    .option('--allow-host <host:port>', 'let http.request reach this host in this run (repeatable)', collect, [])
    .option('--json', 'print one JSON object per line: run.started, every event, run.finished (never asks)')
    .addHelpText(
      'after',
      '\nWithout --yes, a step that needs approval is asked about on the terminal; when standard input is not a terminal\n' +
        'the run is left waiting (exit 3) and the approval ids are printed: decide with `tizmor runs approve ID`.\n' +
        'Ctrl+C cancels the run.',
    )
    .action(async (target: string, options: RunOptions) => {
      const api = session.client();
      const workspaceId = (await session.workspace(api)).id;
      const input = await startInput(target, workspaceId, options);
      const watcher = watchRuns(api, session.io);
      try {
        const run = await api.runs.start(input);
        session.exitCode = await watcher.follow(run, { json: Boolean(options.json), policyGates: options.yes ? 'run' : 'person' });
      } finally {
        watcher.dispose();
      }
    });
}
