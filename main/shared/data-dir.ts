import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The data folder for the server and the CLI: `--data-dir`, else `TIZMOR_DATA_DIR`, else `~/.tizmor`. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.TIZMOR_DATA_DIR) return resolve(env.TIZMOR_DATA_DIR);
  return join(homedir(), '.tizmor');
}
