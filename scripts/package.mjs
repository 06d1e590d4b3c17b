#!/usr/bin/env node
// `npm run package [-- --linux|--mac|--win ...]`: builds out/ and packages the desktop app with
// electron-builder (config: electron-builder.yml, installers in dist/). Needs the network:
// electron-builder downloads Electron and better-sqlite3 for Electron's ABI.
//
// electron-builder rebuilds better-sqlite3 for Electron inside node_modules, which breaks it
// for Node (tests, CLI, server). The Node build is set aside first and put back afterwards.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const modules = join(root, 'node_modules');
const nodeBinding = join(modules, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

run(join(modules, 'electron-vite', 'bin', 'electron-vite.js'), ['build']);
assertSandboxablePreload(join(root, 'out', 'preload', 'index.cjs'));

const saved = saveNodeBinding();
let status;
try {
  status = run(join(modules, 'electron-builder', 'cli.js'), ['--config', 'electron-builder.yml', ...process.argv.slice(2)], false);
} finally {
  restoreNodeBinding(saved);
}
process.exit(status);

/** A sandboxed preload can require only 'electron'; anything else would fail only at run time. */
function assertSandboxablePreload(file) {
  const required = [...readFileSync(file, 'utf8').matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]);
  const foreign = required.filter((name) => name !== 'electron');
  if (foreign.length > 0) {
    console.error(`out/preload/index.cjs requires ${foreign.join(', ')}; a sandboxed preload may require only 'electron'.`);
    process.exit(1);
  }
}

function saveNodeBinding() {
  if (!existsSync(nodeBinding)) return null;
  const copy = join(mkdtempSync(join(tmpdir(), 'tizmor-package-')), 'better_sqlite3.node');
  copyFileSync(nodeBinding, copy);
  return copy;
}

function restoreNodeBinding(copy) {
  if (!copy) return;
  mkdirSync(dirname(nodeBinding), { recursive: true });
  copyFileSync(copy, nodeBinding);
  rmSync(dirname(copy), { recursive: true, force: true });
}

/** Runs a Node script from node_modules; by default a failure ends the packaging. */
function run(script, args, exitOnFailure = true) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  const status = result.status ?? 1;
  if (status !== 0 && exitOnFailure) process.exit(status);
  return status;
}
