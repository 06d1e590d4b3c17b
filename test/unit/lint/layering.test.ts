import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layering rule is a check, not a hope: these imports must fail lint in these folders. */
// Probe files do not exist on disk, so type-aware parsing (and the rules that need it) is off here.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('layering lint rule', () => {
  it('lets the renderer import the contract', async () => {
    expect(await layeringErrors('renderer/src/probe.ts', "import { methods } from '../../engine/api';\nexport const m = methods;\n")).toEqual([]);
  });

  it.each([
    ["import { openSqliteStore } from '../../engine/store/sqlite-store';", 'the store'],
    ["import { openEngine } from '../../engine/engine';", 'the engine'],
    ["import { readFileSync } from 'node:fs';", 'Node'],
    ["import { ipcRenderer } from 'electron';", 'electron'],
    ["import { serve } from '../../main/server/serve';", 'a host'],
  ])('refuses `%s` in the renderer (%s)', async (line) => {
    const errors = await layeringErrors('renderer/src/probe.ts', `${line}\nexport const x = 1;\n`);
    expect(errors.length).toBe(1);
  });

  it.each([
    ["import { app } from 'electron';"],
    ["import { useState } from 'react';"],
    ["import { serve } from '../main/server/serve';"],
    ["import Database from 'better-sqlite3';"],
  ])('refuses `%s` in the engine', async (line) => {
    expect((await layeringErrors('engine/core/probe.ts', `${line}\nexport const x = 1;\n`)).length).toBe(1);
  });

  it('keeps engine/api free of Node and of the rest of the engine', async () => {
    expect((await layeringErrors('engine/api/probe.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;\n")).length).toBe(1);
    expect((await layeringErrors('engine/api/probe.ts', "import { openEngine } from '../engine';\nexport const x = openEngine;\n")).length).toBe(1);
  });

  it('lets only the SQLite adapter import better-sqlite3', async () => {
    expect(await layeringErrors('engine/store/sqlite-extra.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n")).toEqual([]);
  });
});
