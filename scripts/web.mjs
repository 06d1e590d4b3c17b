// `npm run web`: browser mode. Builds when the build is missing or stale (build output goes to
// stderr so the first line on stdout is "Tizmor ready at http://127.0.0.1:PORT/?token=TOKEN"),
// then runs the headless host. Arguments pass through: npm run web -- --port 4000 --data-dir ./data
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleReason } from './build-state.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reason = staleReason(root);
if (reason) {
  process.stderr.write(`Building Tizmor (${reason})…\n`);
  const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  if (build.status !== 0) {
    process.stderr.write('The build failed; see the messages above.\n');
    process.exit(1);
  }
}
const host = spawn(process.execPath, [join(root, 'out/main/server.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
host.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
