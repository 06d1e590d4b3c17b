import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import { TizmorError, type TizmorClient, type Workspace } from '../../engine/api';
import { openEngine, type Engine } from '../../engine/engine';
import { createDirectClient } from '../../engine/rpc/direct-transport';
import { parsePlanFile } from '../../engine/plan/plan-file-io';
import { APP_VERSION } from '../shared/app-version';
import { resolveDataDir } from '../shared/data-dir';
import { serve, stopOnSignals } from '../server/serve';
import { formatPlan, formatPlanList, formatVersions } from './format';

/** Exit codes of `tizmor`. */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

interface GlobalOptions {
  dataDir?: string;
  workspace?: string;
}

/** Runs one `tizmor` command line; resolves to its exit code. `serve` resolves only when the host stops. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  let engine: Engine | undefined;
  const program = new Command('tizmor')
    .description('Tizmor: plans of agent steps, from the terminal.')
    // `--version` belongs to subcommands (`plans export ID --version 2`), so the app version is `-V` or a leading `--version`.
    .option('-V', 'print the Tizmor version')
    .option('--data-dir <dir>', 'data folder (default: $TIZMOR_DATA_DIR, else the desktop app\'s folder)')
    .option('--workspace <name-or-id>', 'workspace to use (default: the default workspace)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  const globals = () => program.opts<GlobalOptions>();
  const client = (): TizmorClient => {
    engine ??= openEngine({
      dataDir: resolveDataDir(globals().dataDir, io.env),
      host: 'cli',
      appVersion: APP_VERSION,
      log: (line) => io.stderr(`${line}\n`),
    });
    return createDirectClient(engine);
  };
  const workspace = async (api: TizmorClient): Promise<Workspace> => {
    const all = await api.workspaces.list({});
    const wanted = globals().workspace;
    const found = wanted ? all.find((item) => item.id === wanted || item.name === wanted) : all.find((item) => item.isDefault);
    if (!found) throw new TizmorError('bad_input', `There is no workspace "${wanted}". Workspaces: ${all.map((item) => item.name).join(', ')}.`);
    return found;
  };
  const version = (value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new TizmorError('bad_input', `--version must be a whole number from 1, not "${value}".`);
    return number;
  };

  program
    .command('serve')
    .description('start the headless host (browser mode) and print its address')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <address>', 'interface to bind', '127.0.0.1')
    .action(async (options: { port: string; host: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TizmorError('bad_input', `--port must be 0-65535, not "${options.port}".`);
      const log = (line: string) => io.stderr(`${line}\n`);
      const host = await serve({ dataDir: resolveDataDir(globals().dataDir, io.env), port, host: options.host, token: io.env.TIZMOR_TOKEN, log });
      stopOnSignals(host, log);
      io.stdout(`Tizmor ready at ${host.server.url}\n`);
      await new Promise<never>(() => undefined);
    });

  const plans = program.command('plans').description('list, show, import and export plans');
  plans
    .command('list')
    .description('plans of the workspace')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const api = client();
      const list = await api.plans.list({ workspaceId: (await workspace(api)).id });
      io.stdout(options.json ? `${JSON.stringify(list, null, 2)}\n` : formatPlanList(list));
    });
  plans
    .command('show <planId>')
    .description('a plan and its steps (the head version unless --version)')
    .option('--version <n>', 'version number')
    .option('--json', 'print JSON')
    .action(async (planId: string, options: { version?: string; json?: boolean }) => {
      const api = client();
      const found = await api.plans.get({ workspaceId: (await workspace(api)).id, planId, version: version(options.version) });
      io.stdout(options.json ? `${JSON.stringify(found, null, 2)}\n` : formatPlan(found));
    });
  plans
    .command('versions <planId>')
    .description('the version history of a plan, newest first')
    .option('--json', 'print JSON')
    .action(async (planId: string, options: { json?: boolean }) => {
      const api = client();
      const list = await api.plans.versions({ workspaceId: (await workspace(api)).id, planId });
      io.stdout(options.json ? `${JSON.stringify(list, null, 2)}\n` : formatVersions(list));
    });
  plans
    .command('import <file>')
    .description('create a plan from a plan file')
    .action(async (file: string) => {
      const content = await readText(file);
      const api = client();
      const created = await api.plans.importFile({ workspaceId: (await workspace(api)).id, content, fileName: basename(file) });
      io.stdout(`Imported "${created.plan.title}" as plan ${created.plan.id} (${created.version.stepCount} steps).\n`);
    });
  plans
    .command('export <planId>')
    .description('print a plan file (or write it with --out)')
    .option('--version <n>', 'version number (default: the newest)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (planId: string, options: { version?: string; out?: string }) => {
      const api = client();
      const file = await api.plans.exportFile({ workspaceId: (await workspace(api)).id, planId, version: version(options.version) });
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
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await client().workspaces.list({});
      io.stdout(options.json ? `${JSON.stringify(list, null, 2)}\n` : list.map((item) => `${item.id}  ${item.name}${item.isDefault ? '  (default)' : ''}\n`).join(''));
    });
  workspaces
    .command('create <name>')
    .action(async (name: string) => {
      const created = await client().workspaces.create({ name });
      io.stdout(`Created workspace "${created.name}" (${created.id}).\n`);
    });

  if (argv[0] === '--version' || argv[0] === '-V') {
    io.stdout(`${APP_VERSION}\n`);
    return EXIT.ok;
  }
  try {
    await program.parseAsync(['node', 'tizmor', ...argv]);
  } catch (error) {
    exitCode = reportError(error, io);
  } finally {
    engine?.close();
  }
  return exitCode;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new TizmorError('bad_input', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.ok;
    return EXIT.badInput;
  }
  if (error instanceof TizmorError) {
    io.stderr(`tizmor: ${error.message}\n`);
    const details = Array.isArray(error.details) ? (error.details as { path?: string; message?: string }[]) : [];
    if (details.length > 1 || (details.length === 1 && details[0]?.message !== error.message)) {
      for (const detail of details) {
        io.stderr(`  - ${detail.path ? `${detail.path}: ` : ''}${detail.message ?? JSON.stringify(detail)}\n`);
      }
    }
    return error.code === 'bad_input' || error.code === 'not_found' || error.code === 'conflict' ? EXIT.badInput : EXIT.failure;
  }
  io.stderr(`tizmor: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.failure;
}
