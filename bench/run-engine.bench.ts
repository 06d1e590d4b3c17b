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

/** The floor: one row committed per transaction, WAL, synchronous=NORMAL. */
function rawCommitMicros(dir: string, rows = 3000): number {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, run TEXT, step TEXT, status TEXT, payload TEXT)');
  const insert = db.prepare('INSERT INTO t (run, step, status, payload) VALUES (?, ?, ?, ?)');
  const write = db.transaction((index: number) => insert.run('run', `s${index}`, 'succeeded', '{"ok":true}'));
  for (let index = 0; index < 200; index++) write(index);
  const started = performance.now();
  for (let index = 0; index < rows; index++) write(index);
  const micros = ((performance.now() - started) * 1000) / rows;
  db.close();
  return micros;
}

async function runOnce(engine: Engine, graph: PlanGraph, units = graph.steps.length): Promise<{ micros: number; status: string }> {
  const client = createDirectClient(engine);
  const { defaultWorkspaceId: workspaceId } = await client.system.status({});
  const started = performance.now();
  const run = await client.runs.start({ workspaceId, graph, title: 'bench', options: { concurrency: 16 } });
  await engine.runs.waitFor(run.id);
  const micros = ((performance.now() - started) * 1000) / units;
  const detail = await client.runs.get({ workspaceId, runId: run.id });
  return { micros, status: detail.run.status };
}

it('run engine: per-step cost against the raw one-commit-per-row rate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tizmor-bench-run-'));
  const raw = median([rawCommitMicros(dir), rawCommitMicros(dir), rawCommitMicros(dir)]).median;
  const cases: [string, PlanGraph, number][] = [
    ['chain 200', chain(200), 5],
    ['chain 1,000', chain(1000), 3],
    ['chain 10,000', chain(10_000), 1],
    ['fan-out 100-wide, 200', fanOut(200), 5],
    ['fan-out 100-wide, 10,000', fanOut(10_000), 1],
    ['layered 100 × 100', layered(100, 100), 1],
    ['map step, 10,000 items (per item)', map(10_000), 3],
  ];
  const rows: string[][] = [];
  const medians = new Map<string, number>();
  const caseRss: string[] = [];
  let peakRss = 0;
  for (const [name, graph, repeats] of cases) {
    const samples: number[] = [];
    let casePeak = 0;
    for (let index = 0; index < repeats; index++) {
      const dataDir = join(dir, `${name.replace(/\W+/g, '-')}-${index}`);
      const engine = openEngine({ dataDir, host: 'test', appVersion: 'bench' });
      const rss = setInterval(() => (casePeak = Math.max(casePeak, process.memoryUsage().rss)), 20);
      const result = await runOnce(engine, graph, graph.steps.some((step) => step.forEach) ? 10_000 : graph.steps.length);
      clearInterval(rss);
      casePeak = Math.max(casePeak, process.memoryUsage().rss);
      peakRss = Math.max(peakRss, casePeak);
      if (result.status !== 'completed') throw new Error(`${name} ended ${result.status}`);
      samples.push(result.micros);
      engine.close();
    }
    const stats = median(samples);
    medians.set(name, stats.median);
    caseRss.push(`${name}: ${(casePeak / 1048576).toFixed(0)} MB`);
    rows.push([name, `${stats.median.toFixed(1)} µs`, `${stats.min.toFixed(1)}–${stats.max.toFixed(1)}`, `${(stats.median / raw).toFixed(2)}×`]);
  }

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

  const header = ['case (zero-latency sim steps)', 'per step (median)', 'min–max', 'ratio to raw commit'];
  const all = [header, ['raw: 1 row per commit, WAL, synchronous=NORMAL', `${raw.toFixed(1)} µs`, '', '1.00×'], ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  console.log(
    `\nRun engine (target: ≤ 2× raw per step; flat from 200 to 10,000 steps)\n${all
      .map((row) => row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '))
      .join('\n')}\n\nmap item vs plain step (fan-out 100-wide, 10,000): ${((medians.get('map step, 10,000 items (per item)') ?? NaN) / (medians.get('fan-out 100-wide, 10,000') ?? NaN)).toFixed(2)}× (target ≤ 1.5×)\nvalidate 10,000-step plan: ${validateMs.toFixed(1)} ms (target < 200 ms)\npeak RSS of this bench process (every case in one process, so it only grows; the host's own RSS is in recovery.bench): ${(peakRss / 1048576).toFixed(0)} MB — ${caseRss.join('; ')}\n`,
  );
  rmSync(dir, { recursive: true, force: true });
});
