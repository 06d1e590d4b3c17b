import { Command, CommanderError } from 'commander';
import { TizmorError } from '../../engine/api';
import { APP_VERSION } from '../shared/app-version';
import { resolveDataDir } from '../shared/data-dir';
import { serve, stopOnSignals } from '../server/serve';
import { registerPlanCommands } from './plans-commands';
import { registerRunCommand } from './run-command';
import { registerRunsCommands } from './runs-commands';
import { registerTriggersCommand } from './triggers-command';
import { registerPlanCommand } from './plan-command';
import { CliSession, EXIT, type CliIo, type ExitCode, type GlobalOptions } from './session';

export { EXIT, type CliIo } from './session';

/** Runs one `tizmor` command line; resolves to its exit code. `serve` resolves only when the host stops. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('tizmor')
    .description('Tizmor: plans of agent steps, from the terminal. Run a plan, watch it, resume it after a crash.')
    // `--version` belongs to subcommands (`plans export ID --version 2`), so the app version is `-V` or a leading `--version`.
    .option('-V', 'print the Tizmor version')
    .option('--data-dir <dir>', 'data folder (default: $TIZMOR_DATA_DIR, else the desktop app\'s folder)')
    .option('--workspace <name-or-id>', 'workspace to use (default: the default workspace)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 failed, 2 bad input (command line, plan or id), 3 a run was cancelled or waits for approval.',
    );
  const session = new CliSession(io, () => program.opts<GlobalOptions>());

  program
    .command('serve')
    .description('start the headless host (browser mode), pick up unfinished runs, and print its address')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <address>', 'interface to bind', '127.0.0.1')
    .action(async (options: { port: string; host: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TizmorError('bad_input', `--port must be 0-65535, not "${options.port}".`);
      const log = (line: string) => io.stderr(`${line}\n`);
      const host = await serve({ dataDir: resolveDataDir(program.opts<GlobalOptions>().dataDir, io.env), port, host: options.host, token: io.env.TIZMOR_TOKEN, log });
      stopOnSignals(host, log);
      io.stdout(`Tizmor ready at ${host.server.url}\n`);
      await new Promise<never>(() => undefined);
    });
  registerRunCommand(program, session);
  registerRunsCommands(program, session);
  registerPlanCommands(program, session);
  registerTriggersCommand(program, session);
  registerPlanCommand(program, {
    io,
    globals: () => program.opts<GlobalOptions>(),
    setExitCode: (code) => {
      session.exitCode = code;
    },
  });

  if (argv[0] === '--version' || argv[0] === '-V') {
    io.stdout(`${APP_VERSION}\n`);
    return EXIT.ok;
  }
  try {
    await program.parseAsync(['node', 'tizmor', ...argv]);
    return session.exitCode;
  } catch (error) {
    return reportError(error, io);
  } finally {
    session.close();
  }
}

/** Problems of a plan name their step: `step "send": …`. */
function describeDetail(detail: { path?: string; stepId?: string; message?: string }): string {
  const where = [detail.stepId && !detail.message?.includes(`"${detail.stepId}"`) ? `step "${detail.stepId}"` : '', detail.path ?? '']
    .filter(Boolean)
    .join(' ');
  return `${where ? `${where}: ` : ''}${detail.message ?? JSON.stringify(detail)}`;
}

function reportError(error: unknown, io: CliIo): ExitCode {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.ok;
    return EXIT.badInput;
  }
  if (error instanceof TizmorError) {
    io.stderr(`tizmor: ${error.message}\n`);
    const details = Array.isArray(error.details) ? (error.details as { path?: string; stepId?: string; message?: string }[]) : [];
    if (details.length > 1 || (details.length === 1 && details[0]?.message !== error.message)) {
      for (const detail of details) io.stderr(`  - ${describeDetail(detail)}\n`);
    }
    return error.code === 'bad_input' || error.code === 'not_found' || error.code === 'conflict' ? EXIT.badInput : EXIT.failure;
  }
  io.stderr(`tizmor: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.failure;
}
