// Is the build in out/ older than the sources? Shared by `npm run web` and `npm test`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const sourceRoots = ['engine', 'main', 'preload', 'renderer', 'resources', 'package.json', 'electron.vite.config.ts'];
const required = ['out/main/server.js', 'out/main/cli.js', 'out/main/electron.js', 'out/renderer/index.html'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why the build must be redone, or null when it is current. */
export function staleReason(root) {
  const missing = required.find((file) => !existsSync(join(root, file)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...required.map((file) => statSync(join(root, file)).mtimeMs));
  const changed = Math.max(...sourceRoots.map((path) => newestMtime(join(root, path))));
  return changed > built ? 'sources changed since the last build' : null;
}
