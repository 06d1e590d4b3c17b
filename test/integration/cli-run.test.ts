import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEngine } from '../../engine/engine';
import { createDirectClient } from '../../engine/rpc/direct-transport';
import { EXIT, runCli, type CliIo } from '../../main/cli/program';
import { startLedgerServer, type LedgerServer } from '../fixtures/ledger-server';

const plans = resolve(import.meta.dirname, '../fixtures/plans');
const fixture = (name: string) => join(plans, `${name}.tizmor.json`);
const ESC = String.fromCharCode(27);
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('tizmor run and runs', () => {
  let dir: string;
  let ledger: LedgerServer;
  let out: string;
  let err: string;
  const io = (extra: Partial<CliIo> = {}): CliIo => ({
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env: {},
    ...extra,
  });
  const cli = (argv: string[], extra: Partial<CliIo> = {}) => {
    out = '';
    err = '';
    return runCli(['--data-dir', join(dir, 'data'), ...argv], io(extra));
  };
  const json = async <T>(...argv: string[]): Promise<T> => {
    expect(await cli([...argv, '--json'])).toBe(EXIT.ok);
    return JSON.parse(out) as T;
  };
  /** A plan with one `http.request` POST to the ledger between two sim steps. */
  const ledgerPlan = (url = `${ledger.url}/charges`) => {
    const path = join(dir, 'charge.tizmor.json');
    writeFileSync(
      path,
      JSON.stringify({
        version: 1,
        title: 'Charge the client',
        steps: [
          { id: 'prepare', title: 'Prepare', agent: 'sim', input: { output: { amount: 42 } } },
          { id: 'send', title: 'Send the charge', agent: 'http.request', input: { url, method: 'POST', body: { amount: 42 } }, dependsOn: ['prepare'] },
          { id: 'report', title: 'Report', agent: 'sim', input: {}, dependsOn: ['send'] },
        ],
      }),
    );
    return path;
  };
  const onlyRunId = async () => (await json<{ id: string }[]>('runs', 'list'))[0]!.id;

  beforeAll(async () => {
    ledger = await startLedgerServer();
  });
  afterAll(() => ledger.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tizmor-cli-run-'));
    ledger.clear();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a plan file and prints one line per finished step', async () => {
    expect(await cli(['run', fixture('three-sim-steps')])).toBe(EXIT.ok);
    expect(out).toMatch(new RegExp(`^Run ${UUID}: "Three simulated steps", 3 steps\n`));
    expect(out).toMatch(/^✓ fetch \(\d+ ms\)$/m);
    expect(out).toMatch(/^✓ summarize \(\d+ ms\)$/m);
    expect(out).toMatch(/^✓ report \(\d+ ms\)$/m);
    expect(out.indexOf('✓ fetch')).toBeLessThan(out.indexOf('✓ report'));
    expect(out).toMatch(/^Run completed in .* \(3 succeeded\)\.$/m);
    expect(out).not.toContain('\r');
  });

  it('runs a saved plan by its id', async () => {
    expect(await cli(['plans', 'import', fixture('three-sim-steps')])).toBe(EXIT.ok);
    const [plan] = await json<{ id: string }[]>('plans', 'list');
    expect(await cli(['run', plan!.id])).toBe(EXIT.ok);
    const [run] = await json<{ planId: string; version: number; status: string }[]>('runs', 'list');
    expect(run).toMatchObject({ planId: plan!.id, version: 1, status: 'completed' });
    expect(await cli(['run', 'no-such-plan'])).toBe(EXIT.badInput);
    expect(err).toMatch(/no plan with id "no-such-plan"/);
    expect(await cli(['run', join(dir, 'missing.json')])).toBe(EXIT.badInput);
    expect(err).toMatch(/no plan file/);
  });

  it('runs a map step: one line for it, and `runs show` lists its items (with --json, each item)', async () => {
    expect(await cli(['run', fixture('for-each-client')])).toBe(EXIT.ok);
    expect(out).toMatch(/^… report: for each of 3 items$/m);
    expect(out).not.toMatch(/report\[/);
    const runId = await onlyRunId();
    expect(await cli(['runs', 'show', runId])).toBe(EXIT.ok);
    expect(out).toMatch(/^report +template +succeeded .*for each: 3\/3 done$/m);
    const shown = await json<{ steps: { id: string; output: unknown; items?: { id: string; status: string; output: unknown }[] }[] }>('runs', 'show', runId);
    const report = shown.steps.find((step) => step.id === 'report');
    expect(report?.items?.map((item) => [item.id, item.status, item.output])).toEqual([
      ['report[0]', 'succeeded', { text: 'Report 0: Avi' }],
      ['report[1]', 'succeeded', { text: 'Report 1: Bat' }],
      ['report[2]', 'succeeded', { text: 'Report 2: Carmel' }],
    ]);
    expect(shown.steps.find((step) => step.id === 'summary')?.items).toBeUndefined();
    expect(shown.steps.map((step) => step.id)).not.toContain('report[0]');
  });

  it('exits 1 when a step fails, showing the error and what was skipped', async () => {
    expect(await cli(['run', fixture('failing-step')])).toBe(EXIT.failure);
    expect(out).toMatch(/^✗ send: Simulated failure on attempt 1/m);
    expect(out).toMatch(/^↷ report: Skipped: "send" failed\.$/m);
    expect(out).toMatch(/^Run failed .*1 step failed \(1 succeeded, 1 failed, 1 skipped\)\.$/m);
  });

  it('exits 2 and names the step when the plan cannot run, starting nothing', async () => {
    expect(await cli(['run', fixture('cycle')])).toBe(EXIT.badInput);
    expect(err).toMatch(/circle.*(draft → review|review → draft)/);
    expect(await cli(['run', fixture('unknown-agent')])).toBe(EXIT.badInput);
    expect(err).toMatch(/Step "translate" uses the agent "babel\.fish"/);
    expect(await json<unknown[]>('runs', 'list')).toEqual([]);
  });

  it('leaves a gated step waiting in a non-terminal session (exit 3), then `runs approve` completes the run', async () => {
    expect(await cli(['run', ledgerPlan(), '--allow-host', ledger.host])).toBe(EXIT.incomplete);
    expect(out).toMatch(/^⏸ send waits for approval: The agent "http.request" reaches outside this computer\.$/m);
    const approvalId = new RegExp(`approval (${UUID})  step "send" \\(policy\\)`).exec(out)?.[1];
    expect(approvalId).toBeDefined();
    expect(out).toContain(`tizmor runs approve ${approvalId}`);
    expect(ledger.entries).toHaveLength(0);

    const runId = await onlyRunId();
    const waiting = await json<{ status: string; steps: { id: string; status: string }[] }>('runs', 'show', runId);
    expect(waiting.status).toBe('waiting_approval');
    expect(waiting.steps.find((step) => step.id === 'send')?.status).toBe('waiting_approval');
    expect(await cli(['runs', 'show', runId])).toBe(EXIT.ok);
    expect(out).toContain(`${approvalId}  step "send" (policy)`);

    expect(await cli(['runs', 'approve', approvalId!, '--comment', 'checked the amount'])).toBe(EXIT.ok);
    expect(out).toContain(`Approved step "send" of run ${runId}.`);
    expect(out).toMatch(/^✓ send \(\d+ ms\)$/m);
    expect(out).toMatch(/^✓ report/m);
    expect(ledger.entries.map((entry) => [entry.key, entry.body])).toEqual([[`${runId}:send`, { amount: 42 }]]);
    expect(await cli(['runs', 'approve', approvalId!])).toBe(EXIT.badInput);
    expect(err).toMatch(/already answered \(approved by cli\)/);
  });

  it('`runs resume --yes` approves what waits and finishes the run; `runs cancel` ends a waiting one', async () => {
    expect(await cli(['run', ledgerPlan(), '--allow-host', ledger.host])).toBe(EXIT.incomplete);
    const runId = await onlyRunId();
    expect(await cli(['runs', 'resume', runId])).toBe(EXIT.incomplete);
    expect(out).toMatch(/already done/);
    expect(await cli(['runs', 'resume', runId, '--yes'])).toBe(EXIT.ok);
    expect(out).toMatch(/^✓ send/m);
    expect(ledger.countsByKey()).toEqual(new Map([[`${runId}:send`, 1]]));
    expect(await cli(['runs', 'resume', runId])).toBe(EXIT.ok);
    expect(out).toContain('already ended: completed');

    expect(await cli(['run', ledgerPlan(), '--allow-host', ledger.host])).toBe(EXIT.incomplete);
    const second = await onlyRunId();
    expect(await cli(['runs', 'cancel', second])).toBe(EXIT.ok);
    expect(out).toMatch(/is cancelled \(1 steps had succeeded, 2 cancelled\)/);
    expect((await json<{ status: string }>('runs', 'show', second)).status).toBe('cancelled');
    expect(await cli(['runs', 'cancel', second])).toBe(EXIT.badInput);
    expect(ledger.entries).toHaveLength(1);
  });

  it('after a crash, `runs resume --yes` does not repeat a POST that may have happened; `runs skip` goes on without it', async () => {
    const slow = await startLedgerServer({ answerDelayMs: 30_000 });
    try {
      // A host sends the POST and dies before the answer: closing the engine leaves the step recorded as running.
      const engine = openEngine({ dataDir: join(dir, 'data'), host: 'test', appVersion: '0.0.0', log: () => undefined });
      const api = createDirectClient(engine);
      const { defaultWorkspaceId: workspaceId } = await api.system.status({});
      const steps = [
        { id: 'send', title: 'Send', agent: 'http.request', input: { url: `${slow.url}/charges`, method: 'POST', body: { amount: 1 } } },
        { id: 'report', title: 'Report', agent: 'sim', input: {}, dependsOn: ['send'] },
      ];
      const run = await api.runs.start({ workspaceId, graph: { steps }, options: { autoApprove: true, allowHosts: [slow.host] }, trigger: 'cli' });
      await vi.waitFor(() => expect(slow.entries).toHaveLength(1), { timeout: 5000 });
      engine.close();

      expect(await cli(['runs', 'resume', run.id, '--yes'])).toBe(EXIT.incomplete);
      expect(out).toMatch(/^ {2}! send: Interrupted during attempt 1; http\.request is not safe to repeat/m);
      expect(out).toMatch(/^⏸ send waits for approval: interrupted/m);
      expect(out).toContain('may have done its work already');
      const approvalId = new RegExp(`approval (${UUID})  step "send" \\(interrupted\\)`).exec(out)?.[1];
      expect(approvalId).toBeDefined();

      expect(await cli(['runs', 'skip', approvalId!, '--comment', 'the ledger has it'])).toBe(EXIT.ok);
      expect(out).toMatch(/^↷ report: Skipped: "send" was skipped\.$/m);
      const shown = await json<{ status: string; steps: { id: string; status: string }[] }>('runs', 'show', run.id);
      expect(shown.status).toBe('completed');
      expect(shown.steps.map((step) => [step.id, step.status])).toEqual([
        ['send', 'skipped'],
        ['report', 'skipped'],
      ]);
      expect(slow.entries).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('asks on the terminal when it can: yes runs the step, no fails it', async () => {
    const questions: string[] = [];
    const answer = (text: string) => async (question: string) => {
      questions.push(question);
      return text;
    };
    expect(await cli(['run', ledgerPlan(), '--allow-host', ledger.host], { ask: answer('y') })).toBe(EXIT.ok);
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatch(/Step "send" waits for approval: .*\n {2}Input: \{"url":.*\nApprove\? \[y\]es/);
    expect(ledger.entries).toHaveLength(1);

    expect(await cli(['run', ledgerPlan(), '--allow-host', ledger.host], { ask: answer('n') })).toBe(EXIT.failure);
    expect(out).toMatch(/^✗ send: Rejected by cli\.$/m);
    expect(ledger.entries).toHaveLength(1);
  });

  it('--yes approves gates itself; --json prints run.started, every event and run.finished', async () => {
    expect(await cli(['run', ledgerPlan(), '--allow-host', ledger.host, '--yes', '--json'])).toBe(EXIT.ok);
    const lines = out.trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; runId?: string; status?: string });
    const runId = lines[0]!.runId;
    expect(lines[0]).toMatchObject({ type: 'run.started', runId: expect.stringMatching(new RegExp(UUID)), steps: 3 });
    expect(lines.at(-1)).toEqual({ type: 'run.finished', runId, status: 'completed', error: null });
    const types = new Set(lines.map((line) => line.type));
    expect([...types]).toEqual(expect.arrayContaining(['run.status', 'step.status', 'step.log', 'approval.requested', 'approval.resolved']));
    expect(lines.filter((line) => line.type === 'step.status' && line.status === 'succeeded')).toHaveLength(3);
    expect(ledger.entries).toHaveLength(1);
  });

  it('--simulate replaces every agent: an unreachable, unlisted host still "answers" and no request is made', async () => {
    expect(await cli(['run', ledgerPlan('http://127.0.0.1:9/never'), '--simulate', '--yes'])).toBe(EXIT.ok);
    expect(out).toContain('(simulated: no agent touches the world)');
    const runId = await onlyRunId();
    const shown = await json<{ steps: { id: string; output: { body?: unknown } }[] }>('runs', 'show', runId);
    expect(shown.steps.find((step) => step.id === 'send')?.output.body).toEqual({ simulated: true, method: 'POST', url: 'http://127.0.0.1:9/never' });
    expect(await cli(['run', ledgerPlan(), '--simulate', '--yes'])).toBe(EXIT.ok);
    expect(ledger.entries).toHaveLength(0);
  });

  it('draws a progress bar in place on a terminal', async () => {
    expect(await cli(['run', fixture('three-sim-steps')], { isTTY: true })).toBe(EXIT.ok);
    expect(out).toContain('\r\x1b[K[--------------------] 0/3 steps 0%');
    expect(out).toContain('[#############-------] 2/3 steps 66%');
    expect(out).toContain('\r\x1b[K[####################] 3/3 steps 100%');
    expect(out).toMatch(new RegExp(`${ESC}\\[K✓ report \\(\\d+ ms\\)\n`));
  });

  it('Ctrl+C cancels the run and exits 3', async () => {
    const slow = join(dir, 'slow.tizmor.json');
    writeFileSync(slow, JSON.stringify({ version: 1, title: 'Slow', steps: [{ id: 'wait', title: 'Wait', agent: 'sim', input: { durationMs: 60_000 } }] }));
    let interrupt: (() => void) | undefined;
    const finished = cli(['run', slow, '--json'], {
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => (interrupt = undefined);
      },
    });
    await vi.waitFor(() => expect(out).toContain('"status":"running","attempt":1'), { timeout: 5000 });
    interrupt!();
    expect(await finished).toBe(EXIT.incomplete);
    expect(interrupt).toBeUndefined();
    expect(JSON.parse(out.trimEnd().split('\n').at(-1)!)).toMatchObject({ type: 'run.finished', status: 'cancelled' });
  });

  it('runs list, show and logs print the documented JSON shapes', async () => {
    expect(await cli(['run', fixture('failing-step')])).toBe(EXIT.failure);
    const list = await json<Record<string, unknown>[]>('runs', 'list');
    expect(list).toEqual([
      { id: expect.stringMatching(new RegExp(UUID)), planId: null, version: null, status: 'failed', startedAt: expect.any(String), endedAt: expect.any(String) },
    ]);
    const runId = list[0]!.id as string;

    const shown = await json<{ id: string; status: string; steps: unknown[] }>('runs', 'show', runId);
    expect(shown).toMatchObject({ id: runId, status: 'failed', title: 'A step that fails' });
    expect(shown.steps).toEqual([
      { id: 'fetch', status: 'succeeded', attempts: 1, cacheHit: false, output: { ok: true }, error: null },
      { id: 'send', status: 'failed', attempts: 1, cacheHit: false, output: null, error: expect.stringMatching(/Simulated failure/) },
      { id: 'report', status: 'skipped', attempts: 0, cacheHit: false, output: null, error: 'Skipped: "send" failed.' },
    ]);
    expect(await cli(['runs', 'show', runId])).toBe(EXIT.ok);
    expect(out).toMatch(/^send\s+sim\s+failed\s+1\s+\d+ ms\s+Simulated failure/m);

    const logs = await json<{ stepId: string; level: string; message: string }[]>('runs', 'logs', runId, '--step', 'send');
    expect(logs).toEqual([expect.objectContaining({ stepId: 'send', level: 'error', message: expect.stringMatching(/Simulated failure/) })]);
    expect(await cli(['runs', 'logs', runId])).toBe(EXIT.ok);
    expect(out).toMatch(/error\s+send: Simulated failure/);

    expect(await cli(['runs', 'show', 'nope'])).toBe(EXIT.badInput);
    expect(await cli(['runs', 'list', '--status', 'sleeping'])).toBe(EXIT.badInput);
  });

  it('agents list prints the catalog with risk and idempotency', async () => {
    expect(await cli(['agents', 'list'])).toBe(EXIT.ok);
    expect(out).toMatch(/^ID\s+RISK\s+IDEMPOTENT\s+DESCRIPTION$/m);
    expect(out).toMatch(/^http\.request\s+external\s+no\s+Calls an HTTP/m);
    expect(out).toMatch(/^sim\s+read\s+yes\s+/m);
    const agents = await json<{ id: string; risk: string; idempotent: boolean; description: string }[]>('agents', 'list');
    expect(agents.find((agent) => agent.id === 'files.write')).toMatchObject({ risk: 'write', idempotent: false, description: expect.any(String) });
  });

  it('documents the run commands in --help', async () => {
    expect(await cli(['--help'])).toBe(EXIT.ok);
    expect(out).toMatch(/run \[options\] <file-or-plan-id>/);
    expect(out).toMatch(/Exit codes: 0 done, 1 failed, 2 bad input/);
    expect(await cli(['run', '--help'])).toBe(EXIT.ok);
    expect(out).toMatch(/--allow-host <host:port>/);
    expect(out).toMatch(/--simulate/);
  });
});
