import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { PlanGraphInput, RunDetail, RunStatus, StepInput, TizmorClient } from '../../../engine/api';
import { TERMINAL_RUN_STATUSES } from '../../../engine/api';
import type { RunningHost } from './host';

const root = resolve(import.meta.dirname, '../../..');

/** A `sim` step: waits `durationMs`, then succeeds (or fails with `failRate`). */
export function simStep(id: string, dependsOn: string[] = [], input: Record<string, unknown> = { durationMs: 150 }, extra: Partial<StepInput> = {}): StepInput {
  return { id, title: `Step ${id}`, agent: 'sim', input, dependsOn, ...extra };
}

/** Creates a plan in the default workspace; returns its id and the workspace's. */
export async function createPlan(client: TizmorClient, title: string, graph: PlanGraphInput): Promise<{ planId: string; workspaceId: string }> {
  const { defaultWorkspaceId: workspaceId } = await client.system.status({});
  const { plan } = await client.plans.create({ workspaceId, title, graph, message: 'For the run view tests' });
  return { planId: plan.id, workspaceId };
}

/** Waits until the run has ended (or `timeoutMs` passed) and returns it. */
export async function waitForRunEnd(client: TizmorClient, workspaceId: string, runId: string, timeoutMs = 20_000): Promise<RunDetail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const detail = await client.runs.get({ workspaceId, runId });
    if (TERMINAL_RUN_STATUSES.includes(detail.run.status)) return detail;
    if (Date.now() > deadline) throw new Error(`Run ${runId} is still ${detail.run.status} after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** The `data-status` of a step on the run view's graph. */
export function stepStatus(page: Page, stepId: string): Promise<string | null> {
  return page.getByTestId(`step-status-${stepId}`).getAttribute('data-status');
}

export async function waitForStepStatus(page: Page, stepId: string, status: string, timeout = 15_000): Promise<void> {
  await page.locator(`[data-testid="step-status-${stepId}"][data-status="${status}"]`).waitFor({ timeout });
}

export async function waitForRunStatus(page: Page, status: RunStatus, timeout = 15_000): Promise<void> {
  await page.locator(`[data-testid="run-status"][data-status="${status}"]`).waitFor({ timeout });
}

/**
 * Records, on every animation frame, the status each step shows on the graph, so a test can
 * check the order in which the statuses went by. Read it with {@link statusHistory}.
 */
export async function recordStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const history: Record<string, { status: string; at: number }[]> = {};
    (window as unknown as { statusHistory: typeof history }).statusHistory = history;
    const sample = () => {
      for (const element of document.querySelectorAll('[data-testid^="step-status-"]')) {
        const stepId = (element.getAttribute('data-testid') ?? '').replace('step-status-', '');
        const status = element.getAttribute('data-status') ?? '';
        const seen = (history[stepId] ??= []);
        if (seen.at(-1)?.status !== status) seen.push({ status, at: performance.now() });
      }
      requestAnimationFrame(sample);
    };
    sample();
  });
}

export async function statusHistory(page: Page): Promise<Record<string, { status: string; at: number }[]>> {
  return page.evaluate(() => (window as unknown as { statusHistory: Record<string, { status: string; at: number }[]> }).statusHistory);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A host that can be killed like a crash (SIGKILL) and started again on the same port, token and data folder. */
export interface KillableHost extends RunningHost {
  kill(): Promise<void>;
}

/** Starts `node out/main/server.js` on a fixed port and token, so a page can reconnect after a restart by reloading. */
export async function startKillableHost(dataDir: string, port: number, token: string): Promise<KillableHost> {
  const { TIZMOR_TOKEN: _ignored, ...env } = process.env;
  const child: ChildProcess = spawn(process.execPath, [join(root, 'out/main/server.js'), '--port', String(port), '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, TIZMOR_TOKEN: token },
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((ready, reject) => {
    const timer = setTimeout(() => reject(new Error(`The host printed no ready line within 15 s.\n${output}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Tizmor ready at /.test(output)) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The host exited early (code ${code}).\n${output}`));
    });
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    token,
    url: `${origin}/?token=${token}`,
    socketUrl: `ws://127.0.0.1:${port}/ws?token=${token}`,
    dataDir,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
