// `npm run test:e2e`: builds when the build is missing or stale, then runs the browser tests.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleReason } from '../../scripts/build-state.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const reason = staleReason(root);
if (reason) {
  process.stderr.write(`Building Tizmor (${reason})…\n`);
  const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const tests = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/e2e/vitest.config.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(tests.status ?? 1);
