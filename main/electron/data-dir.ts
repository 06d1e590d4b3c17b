import { resolve } from 'node:path';

/** Where the engine keeps its data, and whether the person chose it (flag or environment). */
export interface DataDirChoice {
  dataDir: string;
  explicit: boolean;
}

/**
 * `--data-dir <path>` or `--data-dir=<path>` wins, then `TIZMOR_DATA_DIR`, then the
 * platform's user-data folder (asked lazily so nothing touches `app` before it is needed).
 * A chosen folder is made absolute, as Electron's `app.setPath` requires.
 */
export function resolveDataDir(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  userData: () => string,
): DataDirChoice {
  const flag = readFlag(argv, '--data-dir');
  if (flag) return { dataDir: resolve(flag), explicit: true };
  const fromEnv = env.TIZMOR_DATA_DIR?.trim();
  if (fromEnv) return { dataDir: resolve(fromEnv), explicit: true };
  return { dataDir: userData(), explicit: false };
}

function readFlag(argv: readonly string[], name: string): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === name) return argv[index + 1]?.trim() || undefined;
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1).trim() || undefined;
  }
  return undefined;
}
