#!/usr/bin/env node
// The `tizmor` command: runs the built CLI (out/main/cli.js). Build it first with `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('tizmor: the CLI is not built yet. Run `npm run build` in the Tizmor folder first.\n');
  process.exit(1);
}
await import(pathToFileURL(built).href);
