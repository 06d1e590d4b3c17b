import { createInterface } from 'node:readline/promises';
import { runCli, type CliIo } from './program';

/** Asks on the terminal (prompts go to stderr so standard output stays the command's result). */
async function ask(question: string, signal?: AbortSignal): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  // readline takes Ctrl+C while it asks: pass it on as the signal the command listens for.
  terminal.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
  try {
    return await terminal.question(question, signal ? { signal } : {});
  } catch {
    return '';
  } finally {
    terminal.close();
  }
}

/** The first Ctrl+C goes to the command (e.g. cancelling a run); a second one quits at once. */
function onInterrupt(handler: () => void): () => void {
  let presses = 0;
  const listener = () => {
    presses += 1;
    if (presses > 1) process.exit(130);
    handler();
  };
  process.on('SIGINT', listener);
  return () => process.off('SIGINT', listener);
}

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
  ...(process.stdin.isTTY ? { ask } : {}),
  onInterrupt,
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`tizmor: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
