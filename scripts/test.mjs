// `npm test`: everything, in order — typecheck, lint, build, unit + integration tests, browser tests.
// It gets what it needs: Debian's Chromium through apt when run as root on Debian, else it says how.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const started = Date.now();

function step(title, command, args, env = {}) {
  const begun = Date.now();
  process.stdout.write(`\n=== ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - begun) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(`\n✗ ${title} failed after ${seconds} s\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`✓ ${title} (${seconds} s)\n`);
}

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((path) => existsSync(path));
}

function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
  if (isRoot && isDebian) {
    step('Installing Chromium from Debian (needed by the browser tests)', 'bash', [
      '-c',
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null',
    ]);
    const installed = findChromium();
    if (installed) return installed;
  }
  process.stderr.write(
    '\nThe browser tests need Chromium and none was found.\n' +
      '  Debian/Ubuntu: sudo apt-get install -y chromium   (then run npm test again)\n' +
      '  Elsewhere: install Chrome or Chromium and set CHROMIUM_PATH=/path/to/the/browser\n',
  );
  process.exit(1);
}

const chromium = ensureChromium();
step('Type check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
step('Lint (includes the layering rule)', bin('eslint'), ['.']);
step('Build (electron-vite: main, server, CLI, preload, renderer)', bin('electron-vite'), ['build'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
step('Unit and integration tests', bin('vitest'), ['run']);
step('Browser tests (Playwright + Chromium against the headless host)', bin('vitest'), ['run', '--config', 'test/e2e/vitest.config.ts'], {
  CHROMIUM_PATH: chromium,
});
process.stdout.write(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
