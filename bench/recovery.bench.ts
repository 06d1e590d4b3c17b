import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { it } from 'vitest';
import { createClient, createWebSocketTransport, type PlanGraph, type Step } from '../engine/api';
import { DATABASE_FILE, openEngine } from '../engine/engine';
import { createDirectClient } from '../engine/rpc/direct-transport';
import { lintPlan } from '../engine/plan/lint-plan';
import { printTable } from './measure';

const sim = (id: string, dependsOn: string[]): Step => ({ id, title: id, agent: 'sim', input: {}, dependsOn });

/** 100 × 100 layered steps, then one long `delay` step that will be in flight when the host "dies". */
function interruptedPlan(): PlanGraph {
  const steps: Step[] = [];
  for (let layer = 0; layer < 100; layer++) {
    for (let index = 0; index < 100; index++) {
      if (layer === 99 && index === 99) continue;
      steps.push(sim(`l${layer}_${index}`, layer === 0 ? [] : [`l${layer - 1}_${index}`]));
    }
  }
  steps.push({ id: 'long', title: 'long', agent: 'delay', input: { ms: 60_000 }, dependsOn: ['l98_0'] });
  return { steps, layout: {} };
}

it('resume of an interrupted 10,000-step run, and host memory while running one', async () => {
  const root = mkdtempSync(join(tmpdir(), 'tizmor-bench-recovery-'));
  const graph = interruptedPlan();
  const samples: number[] = [];
  for (let repeat = 0; repeat < 3; repeat++) {
    const first = join(root, `first-${repeat}`);
    const engine = openEngine({ dataDir: first, host: 'test', appVersion: 'bench', log: () => undefined });
    const client = createDirectClient(engine);
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const run = await client.runs.start({ workspaceId, graph, options: { concurrency: 16 } });
    // Wait until the long step is recorded running: the rest of the 10,000 steps are done by then.
    for (;;) {
      const detail = await client.runs.get({ workspaceId, runId: run.id });
      if (detail.steps.find((step) => step.stepId === 'long')?.status === 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The data folder as a crash leaves it (copied while the engine runs), with the dead host's lease expired.
    const crashed = join(root, `crashed-${repeat}`);
    mkdirSync(crashed);
    for (const suffix of ['', '-wal', '-shm']) {
      const file = join(first, DATABASE_FILE + suffix);
      if (existsSync(file)) copyFileSync(file, join(crashed, DATABASE_FILE + suffix));
    }
    engine.close();
    const db = new Database(join(crashed, DATABASE_FILE));
    db.prepare('UPDATE run_leases SET expires_at = 0').run();
    db.close();

    const started = performance.now();
    let firstStepMs = -1;
    const recovered = openEngine({ dataDir: crashed, host: 'test', appVersion: 'bench', log: () => undefined, recoverRuns: false });
    recovered.onEvent((event) => {
      if (firstStepMs < 0 && event.event === 'step.status' && event.payload.status === 'running') firstStepMs = performance.now() - started;
    });
    recovered.runs.recover();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    if (firstStepMs < 0) throw new Error('the recovered run started no step');
    samples.push(firstStepMs);
    await createDirectClient(recovered).runs.cancel({ workspaceId, runId: run.id });
    recovered.close();
  }
  samples.sort((a, b) => a - b);

  const lintSamples: number[] = [];
  const registry = openEngine({ dataDir: null, host: 'test', appVersion: 'bench' });
  for (let index = 0; index < 5; index++) {
    const started = performance.now();
    lintPlan(graph, registry.agents);
    lintSamples.push(performance.now() - started);
  }
  registry.close();
  lintSamples.sort((a, b) => a - b);

  // Peak memory of the real headless host (its own process) while it runs a 10,000-step plan.
  const hostDir = join(root, 'host');
  const child = spawn(process.execPath, ['out/main/server.js', '--port', '0', '--data-dir', hostDir], {
    cwd: process.cwd(),
    env: { ...process.env, TIZMOR_TOKEN: 'bench' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /127\.0\.0\.1:(\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`host exited ${code}`)));
  });
  const transport = createWebSocketTransport({ url: `ws://127.0.0.1:${port}/ws?token=bench`, WebSocket });
  await transport.ready;
  const remote = createClient(transport);
  const { defaultWorkspaceId: workspaceId } = await remote.system.status({});
  const big: PlanGraph = { steps: graph.steps.filter((step) => step.id !== 'long'), layout: {} };
  const hostStarted = performance.now();
  const run = await remote.runs.start({ workspaceId, graph: big, options: { concurrency: 16 } });
  for (;;) {
    const { run: state } = await remote.runs.get({ workspaceId, runId: run.id });
    if (state.status === 'completed' || state.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const hostMs = performance.now() - hostStarted;
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  transport.close();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(root, { recursive: true, force: true });

  printTable('Recovery and scale (targets: resume < 300 ms, validate < 200 ms, host RSS < 200 MB)', [
    { name: 'resume interrupted 10,000-step run → first new step', medianMs: samples[1] as number },
    { name: 'validate (lint) the 10,000-step plan', medianMs: lintSamples[2] as number },
    { name: '10,000 steps over WebSocket in the host process', medianMs: hostMs },
  ]);
  console.log(`peak RSS of the host process while running 10,000 steps: ${(peakKb / 1024).toFixed(0)} MB\n`);
});
