import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { it } from 'vitest';
import type { PlanGraph, Step } from '../engine/api';
import { openEngine, type Engine } from '../engine/engine';
import { createDirectClient } from '../engine/rpc/direct-transport';
import { lintPlan } from '../engine/plan/lint-plan';

/** Zero-latency simulated steps: what is measured is the engine and its durable records. */
const simStep = (id: string, dependsOn: string[]): Step => ({ id, title: id, agent: 'sim', input: {}, dependsOn });

function chain(count: number): PlanGraph {
  return { steps: Array.from({ length: count }, (_, index) => simStep(`s${index}`, index === 0 ? [] : [`s${index - 1}`])), layout: {} };
}

/** A root, `width` parallel steps, then a join — repeated until `count` steps. */
function fanOut(count: number, width = 100): PlanGraph {
  const steps: Step[] = [simStep('root', [])];
  let previousJoin = 'root';
  let block = 0;
  while (steps.length < count) {
    const members: string[] = [];
    for (let index = 0; index < width && steps.length < count - 1; index++) {
      const id = `b${block}_${index}`;
      steps.push(simStep(id, [previousJoin]));
      members.push(id);
    }
    const join = `join${block}`;
    steps.push(simStep(join, members));
    previousJoin = join;
    block++;
  }
  return { steps, layout: {} };
}

/** `layers` × `width`: every step waits for two steps of the layer before. */
function layered(layers: number, width: number): PlanGraph {
  const steps: Step[] = [];
  for (let layer = 0; layer < layers; layer++) {
    for (let index = 0; index < width; index++) {
      const dependsOn = layer === 0 ? [] : [`l${layer - 1}_${index}`, `l${layer - 1}_${(index + 1) % width}`];
      steps.push(simStep(`l${layer}_${index}`, dependsOn));
    }
  }
  return { steps, layout: {} };
}

/** One step whose output is a list of `count` elements, and a map step running a zero-latency `sim` item per element. */
function map(count: number): PlanGraph {
  return {
    steps: [
      { id: 'list', title: 'list', agent: 'sim', input: { output: { items: Array.from({ length: count }, (_, index) => ({ index })) } }, dependsOn: [] },
      { id: 'each', title: 'each', agent: 'sim', input: { output: { index: '{{item.index}}' } }, dependsOn: ['list'], forEach: '{{steps.list.output.items}}', maxItems: count },
    ],
    layout: {},
  };
}

function median(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median: value, min: sorted[0] as number, max: sorted.at(-1) as number };
}

/** Microseconds per unit: wall time, and this process's CPU time (what other jobs on a shared machine do not inflate). */
interface Sample {
  micros: number;
  cpuMicros: number;
}

function startClock(): { per(units: number): Sample } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  return {
    per(units) {
      const used = process.cpuUsage(cpu);
      return { micros: ((performance.now() - started) * 1000) / units, cpuMicros: (used.user + used.system) / units };
    },
  };
}

/**
 * The floor: one row committed per transaction, WAL, synchronous=NORMAL. One connection for the whole bench,
 * sampled right before every engine sample, so a busy machine slows both sides of each ratio alike.
 */
function rawCommits(dir: string): { sample(rows?: number): Sample; close(): void } {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, run TEXT, step TEXT, status TEXT, payload TEXT)');
  const insert = db.prepare('INSERT INTO t (run, step, status, payload) VALUES (?, ?, ?, ?)');
  const write = db.transaction((index: number) => insert.run('run', `s${index}`, 'succeeded', '{"ok":true}'));
  for (let index = 0; index < 2000; index++) write(index);
  return {
    sample(rows = 5000) {
      const clock = startClock();
      for (let index = 0; index < rows; index++) write(index);
      return clock.per(rows);
    },
    close: () => db.close(),
  };
}

/** `runs` runs of `graph`, one after another on one engine: the time per unit (step or map item) over all of them. */
async function runOnce(engine: Engine, graph: PlanGraph, units = graph.steps.length, runs = 1): Promise<Sample & { status: string }> {
  const client = createDirectClient(engine);
  const { defaultWorkspaceId: workspaceId } = await client.system.status({});
  const clock = startClock();
  const ids: string[] = [];
  for (let index = 0; index < runs; index++) {
    const run = await client.runs.start({ workspaceId, graph, title: 'bench', options: { concurrency: 16 } });
    await engine.runs.waitFor(run.id);
    ids.push(run.id);
  }
  const sample = clock.per(units * runs);
  const statuses = await Promise.all(ids.map(async (runId) => (await client.runs.get({ workspaceId, runId })).run.status));
  return { ...sample, status: statuses.find((status) => status !== 'completed') ?? 'completed' };
}

const range = (stats: { min: number; max: number }, digits = 1) => `${stats.min.toFixed(digits)}–${stats.max.toFixed(digits)}`;

it('run engine: per-step cost against the raw one-commit-per-row rate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tizmor-bench-run-'));
  const raw = rawCommits(dir);
  // Untimed runs first, as a long-lived host has had: without them the small cases, measured first, time the JIT
  // compiling the per-run code (a run's start, its lint, its first commit), not the engine (≈ 4× on a 200-step chain).
  const warm = openEngine({ dataDir: join(dir, 'warm-up'), host: 'test', appVersion: 'bench' });
  for (let index = 0; index < 20; index++) {
    await runOnce(warm, chain(200));
    await runOnce(warm, fanOut(200));
  }
  await runOnce(warm, chain(2000));
  await runOnce(warm, map(500), 500);
  warm.close();
  // [name, plan, samples, runs per sample]: a sample of a small plan is several runs (each with all its per-run
  // costs), so that one garbage collection or one descheduling does not make a sample of a 5 ms run.
  const cases: [string, PlanGraph, number, number][] = [
    ['chain 200', chain(200), 11, 10],
    ['chain 1,000', chain(1000), 7, 2],
    ['chain 10,000', chain(10_000), 3, 1],
    ['fan-out 100-wide, 200', fanOut(200), 11, 10],
    ['fan-out 100-wide, 10,000', fanOut(10_000), 3, 1],
    ['layered 100 × 100', layered(100, 100), 3, 1],
    ['map step, 10,000 items (per item)', map(10_000), 3, 1],
  ];
  const rows: string[][] = [];
  const medians = new Map<string, number>();
  const rawSamples: number[] = [];
  const rawCpuSamples: number[] = [];
  const caseRss: string[] = [];
  let peakRss = 0;
  for (const [name, graph, repeats, runs] of cases) {
    const samples: number[] = [];
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    let casePeak = 0;
    for (let index = 0; index < repeats; index++) {
      const rawSample = raw.sample();
      rawSamples.push(rawSample.micros);
      rawCpuSamples.push(rawSample.cpuMicros);
      const dataDir = join(dir, `${name.replace(/\W+/g, '-')}-${index}`);
      const engine = openEngine({ dataDir, host: 'test', appVersion: 'bench' });
      const rss = setInterval(() => (casePeak = Math.max(casePeak, process.memoryUsage().rss)), 20);
      const result = await runOnce(engine, graph, graph.steps.some((step) => step.forEach) ? 10_000 : graph.steps.length, runs);
      clearInterval(rss);
      casePeak = Math.max(casePeak, process.memoryUsage().rss);
      peakRss = Math.max(peakRss, casePeak);
      if (result.status !== 'completed') throw new Error(`${name} ended ${result.status}`);
      samples.push(result.micros);
      ratios.push(result.micros / rawSample.micros);
      cpuRatios.push(result.cpuMicros / rawSample.cpuMicros);
      engine.close();
    }
    const stats = median(samples);
    const ratio = median(ratios);
    const cpuRatio = median(cpuRatios);
    medians.set(name, stats.median);
    caseRss.push(`${name}: ${(casePeak / 1048576).toFixed(0)} MB`);
    rows.push([name, `${stats.median.toFixed(1)} µs`, range(stats), `${ratio.median.toFixed(2)}×`, range(ratio, 2), `${cpuRatio.median.toFixed(2)}× (${range(cpuRatio, 2)})`]);
  }
  raw.close();
  const rawStats = median(rawSamples);
  const rawCpu = median(rawCpuSamples);

  const big = layered(100, 100);
  const agents = openEngine({ dataDir: null, host: 'test', appVersion: 'bench' });
  const validateMs = median(
    Array.from({ length: 5 }, () => {
      const started = performance.now();
      lintPlan(big, agents.agents);
      return performance.now() - started;
    }),
  ).median;
  agents.close();

  const header = ['case (zero-latency sim steps)', 'per step (median)', 'min–max', 'ratio to raw (median)', 'min–max', 'CPU-time ratio'];
  const all = [header, [`raw: 1 row per commit, WAL, synchronous=NORMAL (${rawSamples.length} samples)`, `${rawStats.median.toFixed(1)} µs`, range(rawStats), '1.00×', '', `1.00× (raw CPU ${rawCpu.median.toFixed(1)} µs)`], ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  console.log(
    `\nRun engine (target: ≤ 2× raw per step; flat from 200 to 10,000 steps). Each engine sample is divided by a raw sample taken just before it; the CPU-time ratio does the same with this process's CPU time, which a busy machine does not inflate.\n${all
      .map((row) => row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '))
      .join('\n')}\n\nmap item vs plain step (fan-out 100-wide, 10,000): ${((medians.get('map step, 10,000 items (per item)') ?? NaN) / (medians.get('fan-out 100-wide, 10,000') ?? NaN)).toFixed(2)}× (target ≤ 1.5×)\nvalidate 10,000-step plan: ${validateMs.toFixed(1)} ms (target < 200 ms)\npeak RSS of this bench process (every case in one process, so it only grows; the host's own RSS is in recovery.bench): ${(peakRss / 1048576).toFixed(0)} MB — ${caseRss.join('; ')}\n`,
  );
  rmSync(dir, { recursive: true, force: true });
});
