import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { parseItemStepId, type PlanGraphInput, type TizmorClient } from '../../engine/api';
import { startLedgerServer, type LedgerServer } from '../fixtures/ledger-server';
import { BUILT_CLI, builtHosts } from '../helpers/built-host';

/*
 * The crash test for map steps: the real built host is killed with SIGKILL again and again while a run
 * maps over 200 items twice — `sim` items (idempotent: run again by themselves) and `http.request` items
 * posting to a ledger (not safe to repeat: an item caught in flight asks a person). Finished items must
 * never run again, and the map outputs must come out whole and in order.
 */

const TOKEN = 'crash-map-token-0123456789';
const hosts = builtHosts(TOKEN);
const ITEMS = 200;
const KILLS = 12;
const SETTLE_BUDGET_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));

function mapPlan(ledgerUrl: string): PlanGraphInput {
  const list = Array.from({ length: ITEMS }, (_, index) => ({ client: `client-${index}`, ms: between(8, 25) }));
  return {
    steps: [
      { id: 'clients', title: 'clients', agent: 'sim', input: { durationMs: 1, output: { list } } },
      {
        id: 'reports',
        title: 'a report per client',
        agent: 'sim',
        input: { durationMs: '{{item.ms}}', output: { report: 'for {{item.client}} (#{{index}})' } },
        dependsOn: ['clients'],
        forEach: '{{steps.clients.output.list}}',
        concurrency: 4,
      },
      {
        id: 'send',
        title: 'send each report',
        agent: 'http.request',
        input: { url: `${ledgerUrl}/ledger/{{index}}`, method: 'POST', body: { report: '{{item.report}}' } },
        dependsOn: ['reports'],
        forEach: '{{steps.reports.output}}',
        concurrency: 4,
        approval: 'never',
      },
      { id: 'summary', title: 'summary', agent: 'template', input: { template: 'sent {{steps.send.output}}' }, dependsOn: ['send'] },
    ],
  };
}


interface ItemRow {
  step_id: string;
  status: string;
  attempt: number;
  output: string | null;
}

function readItems(dataDir: string): ItemRow[] {
  const db = new Database(join(dataDir, 'tizmor.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT step_id, status, attempt, output FROM step_runs').all() as ItemRow[]).filter((row) => parseItemStepId(row.step_id));
  } finally {
    db.close();
  }
}

/** The ledger key an item's POST carries (`runId:STEP:INDEX`) for its row id `STEP[INDEX]`. */
const ledgerKey = (runId: string, itemId: string) => {
  const item = parseItemStepId(itemId);
  return `${runId}:${item?.stepId}:${item?.index}`;
};

describe('crash recovery mid-map on the real host', { timeout: 180_000 }, () => {
  let dataDir: string | undefined;
  let ledger: LedgerServer | undefined;

  afterAll(async () => {
    hosts.killAll();
    await ledger?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGKILLs during two 200-item maps: finished items never run again, unfinished ones do, outputs whole and in order', async () => {
    expect(existsSync(BUILT_CLI), 'run `npm run build` first').toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'tizmor-crash-map-'));
    ledger = await startLedgerServer({ answerDelayMs: 10 });

    const succeeded = new Map<string, { attempt: number; output: string | null; ledgerCount: number }>();
    const violations: string[] = [];
    const approvedByTest = new Set<string>();
    let runId: string | undefined;
    let kills = 0;
    const itemsFinishedAtKills: number[] = [];

    const snapshot = () => {
      const counts = ledger!.countsByKey();
      let finished = 0;
      for (const row of readItems(dataDir!)) {
        const before = succeeded.get(row.step_id);
        if (before) {
          if (row.status !== 'succeeded' || row.attempt !== before.attempt || row.output !== before.output) {
            violations.push(`kill ${kills}: ${row.step_id} was succeeded (attempt ${before.attempt}) and is now ${row.status} (attempt ${row.attempt})`);
          }
        } else if (row.status === 'succeeded') {
          succeeded.set(row.step_id, { attempt: row.attempt, output: row.output, ledgerCount: runId ? (counts.get(ledgerKey(runId, row.step_id)) ?? 0) : 0 });
        }
        if (row.status === 'succeeded') finished++;
      }
      itemsFinishedAtKills.push(finished);
    };

    const approveInterrupted = async (client: TizmorClient, workspaceId: string) => {
      const pending = (await client.approvals.list({ workspaceId, status: 'pending' })).filter((approval) => approval.kind === 'interrupted');
      if (pending.length === 0) return;
      await client.approvals.decideMany({
        workspaceId,
        decisions: pending.map((approval) => ({ approvalId: approval.id, decision: 'approve' as const })),
        decidedBy: 'crash-test',
      });
      for (const approval of pending) approvedByTest.add(approval.id);
    };

    while (kills < KILLS) {
      const host = await hosts.start(dataDir);
      const connection = await hosts.connect(host.port);
      const { defaultWorkspaceId: workspaceId } = await connection.client.system.status({});
      if (!runId) {
        const run = await connection.client.runs.start({ workspaceId, graph: mapPlan(ledger.url), title: 'map crash run', options: { allowHosts: [ledger.host] } });
        runId = run.id;
      } else {
        await approveInterrupted(connection.client, workspaceId).catch(() => undefined);
      }
      await sleep(between(150, 450));
      host.child.kill('SIGKILL');
      await host.exited;
      connection.close();
      kills++;
      snapshot();
    }

    const host = await hosts.start(dataDir);
    const { client, close } = await hosts.connect(host.port);
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const settleBy = Date.now() + SETTLE_BUDGET_MS;
    let status = '';
    while (Date.now() < settleBy) {
      await approveInterrupted(client, workspaceId);
      status = (await client.runs.get({ workspaceId, runId: runId! })).run.status;
      if (status === 'completed' || status === 'failed' || status === 'cancelled') break;
      await sleep(100);
    }
    const detail = await client.runs.get({ workspaceId, runId: runId! });
    close();
    host.child.kill('SIGTERM');
    expect(await host.exited).toBe(0);

    const db = new Database(join(dataDir, 'tizmor.sqlite'), { readonly: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    const events = db
      .prepare("SELECT step_id, seq, json_extract(payload, '$.status') AS status FROM run_events WHERE run_id = ? AND type = 'step.status' ORDER BY seq")
      .all(runId) as { step_id: string; seq: number; status: string }[];
    const approvals = db.prepare("SELECT step_id, status FROM approvals WHERE kind = 'interrupted'").all() as { step_id: string; status: string }[];
    db.close();
    console.log(
      'map crash test:',
      JSON.stringify({ kills, itemsFinishedAtKills, interruptedItems: approvals.length, ledgerPosts: ledger.entries.length, status }),
    );

    expect(integrity).toBe('ok');
    expect(violations).toEqual([]);
    expect(status).toBe('completed');
    // The kills landed mid-map: some items were done and some were not at several kills.
    expect(itemsFinishedAtKills.some((finished) => finished > 0 && finished < 2 * ITEMS)).toBe(true);
    expect(hosts.log.filter((line) => /cannot be recovered|could not record run state|failed:/.test(line))).toEqual([]);

    const reports = detail.steps.find((step) => step.stepId === 'reports')?.output as { report: string }[];
    expect(reports).toHaveLength(ITEMS);
    expect(reports.every((entry, index) => entry.report === `for client-${index} (#${index})`)).toBe(true);
    expect(detail.items.send?.filter((item) => item.status === 'succeeded')).toHaveLength(ITEMS);
    expect((detail.steps.find((step) => step.stepId === 'send')?.output as unknown[]).length).toBe(ITEMS);

    // No item ran again after it succeeded.
    const doneAt = new Set<string>();
    const after: string[] = [];
    for (const event of events) {
      if (!parseItemStepId(event.step_id)) continue;
      if (doneAt.has(event.step_id)) after.push(`${event.step_id} went ${event.status} after it succeeded`);
      else if (event.status === 'succeeded') doneAt.add(event.step_id);
    }
    expect(after).toEqual([]);

    // The ledger: every send item reached it; more than once only when a person said "run again", never after it succeeded.
    const counts = ledger.countsByKey();
    const reruns = new Map<string, number>();
    for (const approval of approvals) if (approval.status === 'approved') reruns.set(approval.step_id, (reruns.get(approval.step_id) ?? 0) + 1);
    const problems: string[] = [];
    for (const item of detail.items.send ?? []) {
      const sent = counts.get(ledgerKey(runId!, item.stepId)) ?? 0;
      if (sent < 1) problems.push(`${item.stepId} succeeded without reaching the ledger`);
      if (sent > 1 + (reruns.get(item.stepId) ?? 0)) problems.push(`${item.stepId} reached the ledger ${sent} times`);
      const atSuccess = succeeded.get(item.stepId);
      if (atSuccess && sent !== atSuccess.ledgerCount) problems.push(`${item.stepId} reached the ledger again after it succeeded`);
    }
    expect(problems).toEqual([]);
  });
});
