import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TizmorError } from '../../engine/api';
import { openEngine, type EngineOptions } from '../../engine/engine';
import { createDirectClient } from '../../engine/rpc/direct-transport';
import { parsePlanFile } from '../../engine/plan/plan-file-io';
import { registerPlanCommand } from '../../main/cli/plan-command';
import { EXIT, type GlobalOptions } from '../../main/cli/session';
import { makeTempDir } from '../helpers/builders';
import { loadGeminiFixture, startFakeGemini, type FakeGemini } from '../helpers/fake-gemini';

describe('tizmor plan "REQUEST"', () => {
  let temp: { dir: string; remove: () => void };
  let out = '';
  let err = '';
  let gemini: FakeGemini | undefined;
  const waits: number[] = [];

  /** The command as program.ts wires it, with a data folder of its own; waits before retries are recorded, not slept. */
  async function cli(argv: string[], env: Record<string, string> = {}): Promise<number> {
    out = '';
    err = '';
    let code: number = EXIT.ok;
    const program = new Command('tizmor').option('--data-dir <dir>').option('--workspace <name-or-id>').exitOverride();
    registerPlanCommand(program, {
      io: { stdout: (text) => (out += text), stderr: (text) => (err += text), env },
      globals: () => program.opts<GlobalOptions>(),
      setExitCode: (value) => (code = value),
      openEngine: (options: EngineOptions) => openEngine({ ...options, planner: { ...options.planner, sleep: async (ms) => void waits.push(ms) } }),
    });
    try {
      await program.parseAsync(['node', 'tizmor', '--data-dir', join(temp.dir, 'data'), ...argv]);
    } catch (error) {
      if (!(error instanceof TizmorError)) throw error;
      err += `tizmor: ${error.message}\n`;
      return EXIT.badInput;
    }
    return code;
  }

  async function planCount(): Promise<number> {
    const engine = openEngine({ dataDir: join(temp.dir, 'data'), host: 'test', appVersion: '0', log: () => undefined });
    try {
      const api = createDirectClient(engine);
      const { defaultWorkspaceId } = await api.system.status({});
      return (await api.plans.list({ workspaceId: defaultWorkspaceId })).length;
    } finally {
      engine.close();
    }
  }

  beforeEach(() => {
    temp = makeTempDir('tizmor-plan-cli-');
    waits.length = 0;
  });
  afterEach(async () => {
    await gemini?.close();
    gemini = undefined;
    temp.remove();
  });

  it('prints readable steps made offline, and keeps nothing without --save', async () => {
    expect(await cli(['plan', 'Read notes.txt and summarize it in 3 sentences, then save the summary to summary.md'])).toBe(EXIT.ok);
    expect(out).toContain('Made offline by the offline planner (no model was used).');
    expect(out).toContain('1. read: Read notes.txt [files.read]');
    expect(out).toContain('2. summarize: Summarize [llm.summarize]  ← after 1. read');
    expect(out).toContain('3. save: Save summary.md [files.write]  ← after 2. summarize');
    expect(out).toContain('     content: {{steps.summarize.output.text}}');
    expect(out).toContain('Not saved: add --save to keep it as a plan.');
    expect(err).toBe('');
    expect(await planCount()).toBe(0);
  });

  it('prints the plan file with --json and keeps the plan with --save', async () => {
    expect(await cli(['plan', 'סכם את הערות הפגישה ושמור לקובץ summary.md', '--json', '--save'])).toBe(EXIT.ok);
    const file = parsePlanFile(out);
    expect(file.title).toBe('סכם את הערות הפגישה ושמור לקובץ summary.md');
    expect(file.graph.steps.map((step) => step.agent)).toEqual(['files.search', 'llm.summarize', 'files.write']);
    expect(Object.keys(file.graph.layout)).toHaveLength(3);
    expect(await planCount()).toBe(1);
  });

  it('warns on standard error about what the plan cannot do', async () => {
    expect(await cli(['plan', 'Write an email to the team about the new holiday schedule'])).toBe(EXIT.ok);
    expect(err).toBe('warning: Writing new text needs a model: configure Gemini or a local OpenAI-compatible model in Settings before running this plan.\n');
  });

  it('plans with Gemini at --base-url, with the key from GEMINI_API_KEY, and shows retries', async () => {
    gemini = await startFakeGemini(loadGeminiFixture('rate-limited-then-ok').replies);
    const code = await cli(['plan', 'Summarize my December notes and save the summary', '--provider', 'gemini', '--base-url', gemini.baseUrl, '--model', 'gemini-2.5-flash-lite'], {
      GEMINI_API_KEY: 'cli-key',
    });
    expect(code).toBe(EXIT.ok);
    expect(gemini.requests.map((request) => [request.model, request.apiKey])).toEqual([
      ['gemini-2.5-flash-lite', 'cli-key'],
      ['gemini-2.5-flash-lite', 'cli-key'],
    ]);
    expect(err).toContain('Gemini (gemini-2.5-flash-lite) is busy (429, too many requests): waiting 1 s, then trying again (1 of 3).');
    expect(waits).toEqual([1000]);
    expect(out).toContain('Generated by Gemini (gemini-2.5-flash-lite).');
    expect(out).toMatch(/\d+ tokens \(gemini, gemini-2\.5-flash-lite\)\./);
  });

  it('exits 2 when no valid plan could be made: a refused key', async () => {
    gemini = await startFakeGemini(loadGeminiFixture('invalid-key-400').replies);
    const code = await cli(['plan', 'Summarize my notes', '--provider', 'gemini', '--base-url', gemini.baseUrl], { GEMINI_API_KEY: 'bad' });
    expect(code).toBe(EXIT.badInput);
    expect(err).toMatch(/^tizmor: no valid plan: Gemini \(gemini-2\.5-flash\) refused the API key \(400\).*Settings → Planner/);
    expect(out).toBe('');
  });

  it('exits 2 when no valid plan could be made: nothing the agents can do', async () => {
    expect(await cli(['plan', 'hello there'])).toBe(EXIT.badInput);
    expect(err).toMatch(/^tizmor: no valid plan: The offline planner found nothing in this request/);
  });

  it('exits 2 on a provider it does not know', async () => {
    expect(await cli(['plan', 'Summarize notes.txt', '--provider', 'claude'])).toBe(EXIT.badInput);
    expect(err).toContain('--provider must be offline, gemini or openai, not "claude".');
  });

  describe('tizmor planner test', () => {
    it('says ok with the latency for Gemini at --base-url with a good key (exit 0)', async () => {
      gemini = await startFakeGemini([{ text: '{"ok": true}' }], { requireKey: 'cli-key' });
      const code = await cli(['planner', 'test', '--provider', 'gemini', '--base-url', gemini.baseUrl], { GEMINI_API_KEY: 'cli-key' });
      expect(code).toBe(EXIT.ok);
      expect(out).toMatch(/^ok: Gemini \(gemini-2\.5-flash\) answered in \d+ ms\.\n$/);
      expect(err).toBe('');
      expect(gemini.requests).toHaveLength(1);
    });

    it('says why it failed on standard error for a refused key (exit 1), and prints the result with --json', async () => {
      gemini = await startFakeGemini([{ text: '{"ok": true}' }], { requireKey: 'the-real-key' });
      expect(await cli(['planner', 'test', '--provider', 'gemini', '--base-url', gemini.baseUrl], { GEMINI_API_KEY: 'wrong' })).toBe(EXIT.failure);
      expect(out).toBe('');
      expect(err).toMatch(/^tizmor: Gemini answered 400: API key not valid\..* The API key was refused\. Check it in Settings → Planner/);

      expect(await cli(['planner', 'test', '--provider', 'gemini', '--base-url', gemini.baseUrl, '--json'], { GEMINI_API_KEY: 'wrong' })).toBe(EXIT.failure);
      expect(JSON.parse(out)).toMatchObject({ ok: false, provider: 'gemini', fault: 'auth', status: 400 });
    });

    it("tests the workspace's provider when none is named: offline by default", async () => {
      expect(await cli(['planner', 'test'])).toBe(EXIT.ok);
      expect(out).toBe('ok: The offline planner runs on this computer and needs no connection.\n');
    });

    it('refuses a base URL that is not an address (exit 2)', async () => {
      expect(await cli(['planner', 'test', '--provider', 'gemini', '--base-url', 'localhost:9'])).toBe(EXIT.badInput);
      expect(err).toContain('--base-url must be an http:// or https:// address, not "localhost:9".');
    });
  });
});
