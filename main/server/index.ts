import { parseArgs } from 'node:util';
import { resolveDataDir } from '../shared/data-dir';
import { serve, stopOnSignals } from './serve';

/** `node out/main/server.js [--port N] [--host H] [--data-dir DIR]`: the headless host for browser mode and tests. */
async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let values: { port?: string; host?: string; 'data-dir'?: string };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    log(`tizmor server: ${(error as Error).message}`);
    process.exit(2);
  }
  const port = Number(values.port ?? process.env.TIZMOR_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    log(`tizmor server: --port must be a number from 0 to 65535, not "${values.port}"`);
    process.exit(2);
  }
  const host = await serve({
    dataDir: resolveDataDir(values['data-dir']),
    port,
    host: values.host ?? '127.0.0.1',
    token: process.env.TIZMOR_TOKEN,
    log,
  });
  // Handlers first: whoever reads the ready line may send a signal at once.
  stopOnSignals(host, log);
  process.stdout.write(`Tizmor ready at ${host.server.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`tizmor server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
