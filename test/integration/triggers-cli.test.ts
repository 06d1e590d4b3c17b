import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Trigger } from '../../engine/api';
import { openEngine } from '../../engine/engine';
import { createDirectClient } from '../../engine/rpc/direct-transport';
import { registerTriggersCommand } from '../../main/cli/triggers-command';
import { CliSession, type CliIo, type GlobalOptions } from '../../main/cli/session';

/** `tizmor triggers …` on a real data folder, with the command registered the way program.ts does. */
describe('tizmor triggers', () => {
  let dir: string;
  let planId: string;
  let out = '';
  const io: CliIo = { stdout: (text) => (out += text), stderr: (text) => (out += text), env: {} };

  async function cli(...argv: string[]): Promise<number> {
    out = '';
    const program = new Command('tizmor').option('--data-dir <dir>').option('--workspace <name-or-id>').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    const session = new CliSession(io, () => program.opts<GlobalOptions>());
    registerTriggersCommand(program, session);
    try {
      await program.parseAsync(['node', 'tizmor', '--data-dir', dir, ...argv]);
      return session.exitCode;
    } finally {
      session.close();
    }
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tizmor-triggers-cli-'));
    const engine = openEngine({ dataDir: dir, host: 'test', appVersion: '0.0.0', log: () => undefined });
    const client = createDirectClient(engine);
    const workspaceId = (await client.system.status({})).defaultWorkspaceId;
    const created = await client.plans.create({
      workspaceId,
      title: 'Daily report',
      graph: { steps: [{ id: 'report', title: 'Report', agent: 'sim', input: { output: { rows: 3 } }, dependsOn: [] }], layout: {} },
    });
    planId = created.plan.id;
    engine.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a schedule from a Hebrew phrase, lists it, fires it now and removes it', async () => {
    expect(await cli('triggers', 'add', 'Daily report', '--plan', planId, '--schedule', 'כל יום ב-9:00', '--tz', 'Asia/Jerusalem', '--catch-up', 'skip')).toBe(0);
    expect(out).toMatch(/^Added trigger \S+: Daily report$/m);
    expect(out).toContain('every day at 09:00 / כל יום ב-09:00  (cron "0 9 * * *", Asia/Jerusalem)');
    expect(await cli('triggers', 'list', '--json')).toBe(0);
    const [trigger] = JSON.parse(out) as Trigger[];
    expect(trigger?.schedule).toMatchObject({ cron: '0 9 * * *', catchUp: { policy: 'skip' } });
    expect(await cli('triggers', 'list')).toBe(0);
    expect(out).toMatch(/^ID\s+KIND\s+NAME\s+ON\s+WHEN\s+RUNS\s+NEXT$/m);
    expect(out).toMatch(/schedule\s+Daily report\s+yes\s+every day at 09:00 \(Asia\/Jerusalem\)\s+plan /);

    expect(await cli('triggers', 'test', trigger?.id ?? '')).toBe(0);
    expect(out).toMatch(/test\s+started run \S+/);
    expect(await cli('triggers', 'firings', '--json')).toBe(0);
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ source: 'test', status: 'started', runStatus: 'completed' })]);

    expect(await cli('triggers', 'remove', trigger?.id ?? '')).toBe(0);
    expect(await cli('triggers', 'list')).toBe(0);
    expect(out).toMatch(/No triggers/);
  });

  it('adds a webhook trigger and shows its secret once, with how to sign', async () => {
    expect(await cli('triggers', 'add', 'Orders', '--plan', planId, '--webhook', '--yes')).toBe(0);
    expect(out).toMatch(/POST http:\/\/<host>\/hooks\/\S+/);
    expect(out).toMatch(/secret \(shown once\): whsec_\S+/);
    expect(out).toMatch(/X-Tizmor-Signature: t=<unix seconds>,v1=/);
    expect(await cli('triggers', 'list', '--json')).toBe(0);
    expect(out).not.toMatch(/whsec_/);
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ kind: 'webhook', options: { autoApprove: true } })]);
  });

  it('takes a cron expression as well as a phrase, and says what is missing', async () => {
    expect(await cli('triggers', 'add', 'Nightly', '--plan', planId, '--schedule', '30 2 * * 1-5', '--tz', 'UTC', '--json')).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ trigger: { schedule: { cron: '30 2 * * 1-5', phrase: null, words: { en: 'every weekday at 02:30' } } }, secret: null });
    await expect(cli('triggers', 'add', 'Nothing', '--schedule', 'every day at 9')).rejects.toThrow(/--plan <planId> or --request/);
    await expect(cli('triggers', 'add', 'Nothing', '--plan', planId)).rejects.toThrow(/--schedule .* or --webhook/);
    await expect(cli('triggers', 'add', 'Nothing', '--plan', planId, '--schedule', 'whenever you like')).rejects.toThrow(/Cannot read the schedule/);
  });
});
