import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  TERMINAL_RUN_STATUSES,
  type PlanGraphInput,
  type RunStatus,
  type StepInput,
  type TizmorClient,
} from '../../engine/api';
import { startLedgerServer, type LedgerServer } from '../fixtures/ledger-server';
import { BUILT_CLI, builtHosts } from '../helpers/built-host';

/*
 * THE crash test: the real built host (`node out/main/cli.js serve`) is killed with SIGKILL at random
 * moments while runs of a 50-step plan are in flight, and restarted on the same data folder, again and again.
 * Between kills the database is read as the dead host left it; at the end every record is checked.
 */

const TOKEN = 'crash-test-token-0123456789';
const hosts = builtHosts(TOKEN);
const KILL_CYCLES = 50;
const MAX_RUNS = 40;
const LOOP_BUDGET_MS = 150_000;
const SETTLE_BUDGET_MS = 45_000;
const HTTP_STEPS = ['b0_3', 'b1_3', 'b2_3', 'b3_3', 'notify'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));

/**
 * 50 steps, fan-out 8: root → 8 chains of 5 → 4 pair joins → 2 joins → final → notify (http) → audit.
 * The third step of chains 0-3 and `notify` POST to the ledger. Runs pass the http steps' approval gate
 * either with --yes (autoApprove) or, `manual` ones, with `approval: never`; in both, an http step the
 * kill caught in flight waits for a person ("interrupted"), as it is not safe to repeat.
 */
function crashPlan(ledgerUrl: string, manual: boolean): PlanGraphInput {
  const sim = (id: string, dependsOn: string[]): StepInput => ({ id, title: id, agent: 'sim', input: { durationMs: between(2, 10) }, dependsOn });
  const post = (id: string, dependsOn: string[]): StepInput => ({
    id,
    title: id,
    agent: 'http.request',
    input: { url: `${ledgerUrl}/ledger/${id}`, method: 'POST', body: { step: id } },
    dependsOn,
    ...(manual ? { approval: 'never' } : {}),
  });
  const steps = [sim('root', [])];
  for (let branch = 0; branch < 8; branch++) {
    for (let link = 1; link <= 5; link++) {
      const id = `b${branch}_${link}`;
      const after = link === 1 ? ['root'] : [`b${branch}_${link - 1}`];
      steps.push(HTTP_STEPS.includes(id) ? post(id, after) : sim(id, after));
    }
  }
  for (let pair = 0; pair < 4; pair++) steps.push(sim(`j${pair}`, [`b${pair * 2}_5`, `b${pair * 2 + 1}_5`]));
  steps.push(sim('k0', ['j0', 'j1']), sim('k1', ['j2', 'j3']), sim('final', ['k0', 'k1']), post('notify', ['final']), sim('audit', ['notify']));
  return { steps };
}

interface StepRow {
  run_id: string;
  step_id: string;
  agent_id: string;
  status: string;
  attempt: number;
  output: string | null;
}

/** The database as the killed host left it; opened read-only so the next host still replays the WAL itself. */
function readSteps(dataDir: string): StepRow[] {
  const db = new Database(join(dataDir, 'tizmor.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT run_id, step_id, agent_id, status, attempt, output FROM step_runs').all() as StepRow[];
  } finally {
    db.close();
  }
}

describe('crash recovery of the real host', { timeout: 240_000 }, () => {
  let dataDir: string | undefined;
  let ledger: LedgerServer | undefined;

  afterAll(async () => {
    hosts.killAll();
    await ledger?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('survives 50+ SIGKILLs mid-run: nothing succeeded runs twice, nothing succeeded is lost, the database stays sound', async () => {
    expect(existsSync(BUILT_CLI), 'run `npm run build` first').toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'tizmor-crash-'));
    // The answer comes 15 ms after the POST is recorded: a kill in between leaves a request sent but not known to be done.
    ledger = await startLedgerServer({ answerDelayMs: 15 });
    const began = Date.now();

    /** `run:step` → what the database said when the step was first seen succeeded after a kill. */
    const succeeded = new Map<string, { attempt: number; output: string | null; ledgerCount: number }>();
    /** `run:step` → the attempt that was in flight (status running) at some kill. */
    const inFlight = new Map<string, { agent: string; attempt: number }[]>();
    const violations: string[] = [];
    const approvedByTest = new Set<string>();
    let kills = 0;
    let runsStarted = 0;

    const snapshot = () => {
      const counts = ledger!.countsByKey();
      for (const row of readSteps(dataDir!)) {
        const key = `${row.run_id}:${row.step_id}`;
        const before = succeeded.get(key);
        if (before) {
          if (row.status !== 'succeeded' || row.attempt !== before.attempt || row.output !== before.output) {
            violations.push(`kill ${kills}: ${key} was succeeded (attempt ${before.attempt}) and is now ${row.status} (attempt ${row.attempt})`);
          }
        } else if (row.status === 'succeeded') {
          succeeded.set(key, { attempt: row.attempt, output: row.output, ledgerCount: counts.get(key) ?? 0 });
        }
        if (row.status === 'running') inFlight.set(key, [...(inFlight.get(key) ?? []), { agent: row.agent_id, attempt: row.attempt }]);
      }
    };

    /** Plays the person who chooses "run again" for every interrupted step of a manual run. */
    const approveInterrupted = async (client: TizmorClient, workspaceId: string) => {
      for (const approval of await client.approvals.list({ workspaceId, status: 'pending' })) {
        if (approval.kind !== 'interrupted') continue;
        await client.approvals.decide({ workspaceId, approvalId: approval.id, decision: 'approve', decidedBy: 'crash-test' });
        approvedByTest.add(approval.id);
      }
    };

    while (kills < KILL_CYCLES && Date.now() - began < LOOP_BUDGET_MS) {
      const host = await hosts.start(dataDir);
      const killAt = Date.now() + between(20, 400);
      const connection = await hosts.connect(host.port).catch(() => null);
      if (connection) {
        const work = (async () => {
          const { defaultWorkspaceId: workspaceId } = await connection.client.system.status({});
          if (runsStarted < MAX_RUNS) {
            const manual = runsStarted % 2 === 1;
            runsStarted++;
            await connection.client.runs.start({
              workspaceId,
              graph: crashPlan(ledger!.url, manual),
              title: `crash run ${runsStarted}${manual ? ' (manual)' : ''}`,
              options: { autoApprove: !manual, allowHosts: [ledger!.host] },
            });
          }
          if (kills % 3 === 2) await approveInterrupted(connection.client, workspaceId);
        })();
        // The kill does not wait for this work: calls cut off by it fail, and that is the point.
        work.catch(() => undefined);
      }
      await sleep(Math.max(0, killAt - Date.now()));
      host.child.kill('SIGKILL');
      await host.exited;
      connection?.close();
      kills++;
      snapshot();
    }
    const loopSeconds = (Date.now() - began) / 1000;

    // The last start: let everything finish, answering every interrupted step "run again".
    const host = await hosts.start(dataDir);
    const { client, close } = await hosts.connect(host.port);
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const settleBy = Date.now() + SETTLE_BUDGET_MS;
    let statuses: RunStatus[] = [];
    while (Date.now() < settleBy) {
      await approveInterrupted(client, workspaceId);
      statuses = (await client.runs.list({ workspaceId, limit: 1000 })).map((run) => run.status);
      if (statuses.every((status) => TERMINAL_RUN_STATUSES.includes(status))) break;
      await sleep(100);
    }
    const runs = await client.runs.list({ workspaceId, limit: 1000 });
    const pending = await client.approvals.list({ workspaceId, status: 'pending' });
    close();
    host.child.kill('SIGTERM');
    expect(await host.exited, 'the host stops cleanly on SIGTERM').toBe(0);

    // Every record, read from the file the hosts left.
    const db = new Database(join(dataDir, 'tizmor.sqlite'), { readonly: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    const steps = db.prepare('SELECT run_id, step_id, agent_id, status, attempt, output FROM step_runs').all() as StepRow[];
    const events = db
      .prepare("SELECT run_id, step_id, seq, json_extract(payload, '$.status') AS status FROM run_events WHERE type = 'step.status' ORDER BY run_id, seq")
      .all() as { run_id: string; step_id: string; seq: number; status: string }[];
    const approvals = db.prepare('SELECT id, run_id, step_id, kind, status, decided_by FROM approvals').all() as {
      id: string;
      run_id: string;
      step_id: string;
      kind: string;
      status: string;
      decided_by: string | null;
    }[];
    const interruptions = db.prepare("SELECT COUNT(*) AS n FROM run_events WHERE type = 'step.log' AND payload LIKE '%Interrupted during attempt%'").get() as { n: number };
    db.close();

    const summary = {
      kills,
      runs: runs.length,
      loopSeconds,
      stepsInFlightAtKills: [...inFlight.values()].reduce((sum, list) => sum + list.length, 0),
      recoveredSteps: interruptions.n,
      interruptedApprovals: approvals.filter((approval) => approval.kind === 'interrupted').length,
      policyApprovalsByYes: approvals.filter((approval) => approval.kind === 'policy' && approval.decided_by === 'auto (--yes)').length,
      duplicateLedgerPosts: ledger.entries.length - ledger.countsByKey().size,
      approvedByTest: approvedByTest.size,
      ledgerPosts: ledger.entries.length,
      totalSeconds: (Date.now() - began) / 1000,
    };
    console.log('crash test:', JSON.stringify(summary));

    expect(kills).toBeGreaterThanOrEqual(KILL_CYCLES);
    expect(integrity).toBe('ok');
    expect(violations, 'a step recorded as succeeded before a kill changed after it').toEqual([]);
    expect(summary.stepsInFlightAtKills, 'kills landed while steps were running').toBeGreaterThan(0);
    expect(hosts.log.filter((line) => /cannot be recovered|could not record run state|failed:/.test(line))).toEqual([]);

    // Every run ended; with nothing failing or rejected in this plan, every one completed.
    // A kill may land before a start reaches the host; most starts get through.
    expect(runs.length).toBeGreaterThanOrEqual(10);
    expect(pending, 'no approval is left pending').toEqual([]);
    expect(runs.filter((run) => run.status !== 'completed').map((run) => `${run.title}: ${run.status} ${run.error ?? ''}`)).toEqual([]);
    expect(steps.filter((step) => step.status !== 'succeeded').map((step) => `${step.run_id}:${step.step_id} ${step.status}`)).toEqual([]);

    // A step that succeeded is never run again: no step.status event of it after its first `succeeded`.
    const doneAt = new Map<string, number>();
    const after: string[] = [];
    for (const event of events) {
      const key = `${event.run_id}:${event.step_id}`;
      if (doneAt.has(key)) after.push(`${key} went ${event.status} after it succeeded`);
      else if (event.status === 'succeeded') doneAt.set(key, event.seq);
    }
    expect(after).toEqual([]);

    // The ledger: a key appears more than once only for a step whose interrupted approval a person approved,
    // and never again once the database recorded the step succeeded.
    const counts = ledger.countsByKey();
    const reruns = new Map<string, number>();
    for (const approval of approvals) {
      if (approval.kind === 'interrupted' && approval.status === 'approved') {
        const key = `${approval.run_id}:${approval.step_id}`;
        reruns.set(key, (reruns.get(key) ?? 0) + 1);
      }
    }
    const ledgerProblems: string[] = [];
    for (const step of steps.filter((row) => row.agent_id === 'http.request')) {
      const key = `${step.run_id}:${step.step_id}`;
      const sent = counts.get(key) ?? 0;
      if (sent < 1) ledgerProblems.push(`${key} succeeded without reaching the ledger`);
      if (sent > 1 + (reruns.get(key) ?? 0)) ledgerProblems.push(`${key} reached the ledger ${sent} times with ${reruns.get(key) ?? 0} approved re-runs`);
      const atSuccess = succeeded.get(key);
      if (atSuccess && sent !== atSuccess.ledgerCount) ledgerProblems.push(`${key} reached the ledger again after it succeeded`);
    }
    expect(ledgerProblems).toEqual([]);
    expect([...counts.keys()].every((key) => steps.some((step) => `${step.run_id}:${step.step_id}` === key))).toBe(true);

    // An http step caught in flight is never repeated silently: it got an interrupted approval, and only
    // the person (this test) said "run again" — in --yes runs too, where the engine approves only policy gates.
    const interrupted = approvals.filter((approval) => approval.kind === 'interrupted');
    const interruptedKeys = new Set(interrupted.map((approval) => `${approval.run_id}:${approval.step_id}`));
    const silent = [...inFlight.entries()]
      .filter(([key, seen]) => seen.some((entry) => entry.agent === 'http.request') && !interruptedKeys.has(key))
      .map(([key]) => key);
    expect(silent).toEqual([]);
    expect(interrupted.filter((approval) => approval.decided_by !== 'crash-test').map((approval) => `${approval.id} by ${approval.decided_by}`)).toEqual([]);
    expect(interrupted.every((approval) => approval.status === 'approved')).toBe(true);
    // Every approval the test got an answer for is recorded approved (a decision cut off by a kill may or may not be).
    const recorded = new Set(interrupted.map((approval) => approval.id));
    expect([...approvedByTest].filter((id) => !recorded.has(id))).toEqual([]);
  });
});
