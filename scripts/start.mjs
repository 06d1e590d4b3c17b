#!/usr/bin/env node
// `npm start`: Tizmor as a desktop app when Electron is available, in the browser otherwise.
//
//   npm start                      desktop app (fetches Electron once if it is missing)
//   npm start -- --browser         browser mode straight away
//   npm start -- --data-dir DIR    any other argument goes to the app
//
// better-sqlite3 in node_modules stays built for Node, so the CLI, the server and the tests
// keep working. Electron gets its own copy, built for Electron's ABI once per Electron version
// under node_modules/.cache/tizmor/ and handed to the app as TIZMOR_SQLITE_BINDING.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const modules = join(root, 'node_modules');
const electronDir = join(modules, 'electron');
const INSTALL_TIMEOUT_MS = 60_000;
const SOURCES = ['main', 'preload', 'engine', 'renderer', 'electron.vite.config.ts', 'package.json'];
const OUTPUTS = ['out/main/electron.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const appArgs = args.filter((arg) => arg !== '--browser');

if (forceBrowser) {
  startBrowserMode();
} else {
  const binary = electronBinary() ?? fetchElectron();
  if (!binary) {
    console.log('Electron could not be fetched (offline?): starting Tizmor in browser mode instead.');
    startBrowserMode();
  } else {
    startDesktop(binary);
  }
}

/** The Electron executable, or null when node_modules/electron has no binary yet. */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  const binary = join(dist, executable);
  return existsSync(binary) ? binary : null;
}

/** Runs Electron's own installer (its postinstall is disabled by allowScripts); gives up after a minute. */
function fetchElectron() {
  console.log('Electron is not installed yet; fetching it (up to a minute)…');
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: INSTALL_TIMEOUT_MS,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    const reason = result.error?.message ?? firstLine(result.stderr) ?? `exit code ${result.status}`;
    console.log(`Fetching Electron failed: ${reason}`);
  }
  return electronBinary();
}

function startDesktop(binary) {
  if (isBuildStale()) run(process.execPath, [join(modules, 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
  const binding = electronSqliteBinding();
  if (!binding) {
    console.log('better-sqlite3 could not be built for Electron: starting Tizmor in browser mode instead.');
    startBrowserMode();
    return;
  }
  const env = { ...process.env, TIZMOR_SQLITE_BINDING: binding };
  delete env.ELECTRON_RUN_AS_NODE;
  handOver(spawn(binary, ['.', ...appArgs], { cwd: root, stdio: 'inherit', env }));
}

function startBrowserMode() {
  const web = join(root, 'scripts', 'web.mjs');
  if (!existsSync(web)) {
    console.error('Browser mode is not available: scripts/web.mjs is missing.');
    process.exit(1);
  }
  handOver(spawn(process.execPath, [web, ...appArgs], { cwd: root, stdio: 'inherit' }));
}

/** True when a build output is missing or older than any source it is built from. */
function isBuildStale() {
  const outputs = OUTPUTS.map((file) => join(root, file));
  if (!outputs.every((file) => existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return SOURCES.some((source) => newestChange(join(root, source)) > built);
}

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/**
 * better-sqlite3 built for this Electron version, in a cache folder beside node_modules'
 * Node build (never replacing it): a prebuilt binary if one is published, else compiled
 * against Electron's headers. Both need the network the first time. Null if neither works.
 */
function electronSqliteBinding() {
  const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  const cacheDir = join(modules, '.cache', 'tizmor', `better-sqlite3-electron-${electronVersion}-${process.platform}-${process.arch}`);
  const binding = join(cacheDir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;

  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once per Electron version)…`);
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const source = join(modules, 'better-sqlite3');
  cpSync(source, cacheDir, {
    recursive: true,
    filter: (path) => !/^build([\\/]|$)/.test(relative(source, path)),
  });
  const target = [`--target=${electronVersion}`, `--arch=${process.arch}`];
  const prebuilt = spawnSync(
    process.execPath,
    [join(modules, 'prebuild-install', 'bin.js'), '--runtime=electron', ...target, `--platform=${process.platform}`],
    { cwd: cacheDir, stdio: 'inherit' },
  );
  if (prebuilt.status !== 0) {
    spawnSync(
      process.execPath,
      [join(modules, 'node-gyp', 'bin', 'node-gyp.js'), 'rebuild', '--release', '--runtime=electron', ...target, '--dist-url=https://electronjs.org/headers'],
      { cwd: cacheDir, stdio: 'inherit' },
    );
  }
  return existsSync(binding) ? binding : null;
}

/** Runs a step of the start; a failed step ends `npm start` with its exit code. */
function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Lets the child own the terminal: Ctrl+C reaches it, and its exit code becomes ours. */
function handOver(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function firstLine(text) {
  return text?.split('\n').find((line) => line.trim())?.trim();
}
