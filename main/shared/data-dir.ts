import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The product name Electron uses for its userData folder (package.json `productName`). */
const PRODUCT_NAME = 'Tizmor';

/**
 * The folder Electron's `app.getPath('userData')` gives the desktop app on this platform, so the
 * CLI, the headless host and the desktop app see the same plans by default.
 */
export function platformUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/** The data folder for the server and the CLI: `--data-dir`, else `TIZMOR_DATA_DIR`, else the desktop app's folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.TIZMOR_DATA_DIR) return resolve(env.TIZMOR_DATA_DIR);
  return platformUserDataDir(env);
}
