import { readFile } from 'node:fs/promises';
import { TizmorError, type TizmorClient, type Workspace } from '../../engine/api';
import { openEngine, type Engine } from '../../engine/engine';
import { createDirectClient } from '../../engine/rpc/direct-transport';
import { APP_VERSION } from '../shared/app-version';
import { resolveDataDir } from '../shared/data-dir';

/** Exit codes of `tizmor`. */
export const EXIT = {
  ok: 0,
  /** Something failed: a run ended failed, or an error that is not the caller's. */
  failure: 1,
  /** The command line, a plan or an id is wrong. */
  badInput: 2,
  /** A run was cancelled, or it waits for a person's approval (its state is saved). */
  incomplete: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What the CLI touches outside itself; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Standard output is a terminal: draw a progress bar that redraws in place. */
  isTTY?: boolean;
  /** Asks a question on the terminal; given only when standard input is one. Resolves '' when `signal` aborts. */
  ask?: (question: string, signal?: AbortSignal) => Promise<string>;
  /** Calls `handler` on Ctrl+C (SIGINT) until the returned function is called. */
  onInterrupt?: (handler: () => void) => () => void;
}

export interface GlobalOptions {
  dataDir?: string;
  workspace?: string;
}

/** One command's access to the engine: opened on first use, closed when the command ends. */
export class CliSession {
  exitCode: ExitCode = EXIT.ok;
  private opened: Engine | undefined;

  constructor(
    readonly io: CliIo,
    private readonly globals: () => GlobalOptions,
  ) {}

  /**
   * The engine on the data folder. `recoverRuns` picks up unfinished runs — all, or the ones named (a run is live only in
   * the process that runs it); the first call decides, so a command asks for it before anything else.
   */
  engine(options: { recoverRuns?: boolean | { runIds: string[] } } = {}): Engine {
    this.opened ??= openEngine({
      dataDir: resolveDataDir(this.globals().dataDir, this.io.env),
      host: 'cli',
      appVersion: APP_VERSION,
      recoverRuns: options.recoverRuns ?? false,
      log: (line) => this.io.stderr(`${line}\n`),
    });
    return this.opened;
  }

  client(options: { recoverRuns?: boolean | { runIds: string[] } } = {}): TizmorClient {
    return createDirectClient(this.engine(options));
  }

  /** The workspace named by --workspace, else the default one. */
  async workspace(api: TizmorClient): Promise<Workspace> {
    const all = await api.workspaces.list({});
    const wanted = this.globals().workspace;
    const found = wanted ? all.find((item) => item.id === wanted || item.name === wanted) : all.find((item) => item.isDefault);
    if (!found) throw new TizmorError('bad_input', `There is no workspace "${wanted}". Workspaces: ${all.map((item) => item.name).join(', ')}.`);
    return found;
  }

  /** Writes what is queued and closes the store; runs still live here are picked up by the next host that recovers runs. */
  close(): void {
    this.opened?.close();
    this.opened = undefined;
  }
}

/** Prints `value` as indented JSON. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** A file's text; a missing or unreadable file is the caller's mistake (exit 2). */
export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new TizmorError('bad_input', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
