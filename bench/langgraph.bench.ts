import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Annotation, StateGraph } from '@langchain/langgraph';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { it } from 'vitest';
import type { PlanGraph, Step } from '../engine/api';
import { openEngine } from '../engine/engine';
import { createDirectClient } from '../engine/rpc/direct-transport';

/**
 * The same graphs through LangGraph.js (StateGraph + SqliteSaver on a file, WAL as the saver sets it)
 * and through Tizmor's run engine (zero-latency `sim` steps, durable records in its own SQLite file).
 * Both do no work per node: what is measured is each engine's scheduling and checkpointing.
 */

const simStep = (id: string, dependsOn: string[]): Step => ({ id, title: id, agent: 'sim', input: {}, dependsOn });

function chain(count: number): PlanGraph {
  return { steps: Array.from({ length: count }, (_, index) => simStep(`s${index}`, index === 0 ? [] : [`s${index - 1}`])), layout: {} };
}

/** root → `width` parallel steps → join. */
function fanOut(width: number): PlanGraph {
  const members = Array.from({ length: width }, (_, index) => simStep(`b${index}`, ['root']));
  return { steps: [simStep('root', []), ...members, simStep('join', members.map((step) => step.id))], layout: {} };
}

function stats(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median: value, min: sorted[0] as number, max: sorted.at(-1) as number };
}

/** Each node adds 1; the reducer lets the 100 parallel nodes of a fan-out write in the same superstep. */
const State = Annotation.Root({ visits: Annotation<number>({ reducer: (total, add) => total + add, default: () => 0 }) });
type Visits = { visits: number };
const visit = (): Visits => ({ visits: 1 });

/** StateGraph's builder types track node names literally; graphs built in a loop need this looser view. */
interface Builder {
  addNode(name: string, action: () => Visits): Builder;
  addEdge(from: string | string[], to: string): Builder;
  compile(options: { checkpointer: SqliteSaver }): {
    invoke(input: Visits, config: { configurable: { thread_id: string }; recursionLimit: number }): Promise<Visits>;
  };
}

/** The PlanGraph as a StateGraph: an edge per dependency, a waiting edge for a join, START and END at the rims. */
function toStateGraph(graph: PlanGraph, checkpointer: SqliteSaver) {
  const builder = new StateGraph(State) as unknown as Builder;
  const hasDependents = new Set(graph.steps.flatMap((step) => step.dependsOn));
  for (const step of graph.steps) builder.addNode(step.id, visit);
  for (const step of graph.steps) {
    if (step.dependsOn.length === 0) builder.addEdge('__start__', step.id);
    else builder.addEdge(step.dependsOn.length === 1 ? (step.dependsOn[0] as string) : step.dependsOn, step.id);
    if (!hasDependents.has(step.id)) builder.addEdge(step.id, '__end__');
  }
  return builder.compile({ checkpointer });
}

async function langGraphOnce(graph: PlanGraph, dir: string): Promise<{ micros: number; checkpoints: number; writes: number }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'checkpoints.sqlite');
  const checkpointer = SqliteSaver.fromConnString(file);
  const app = toStateGraph(graph, checkpointer);
  const started = performance.now();
  // One superstep per chain node; the default recursionLimit (25) would stop a chain past 25 nodes.
  const result = await app.invoke({ visits: 0 }, { configurable: { thread_id: 'bench' }, recursionLimit: graph.steps.length + 10 });
  const micros = ((performance.now() - started) * 1000) / graph.steps.length;
  checkpointer.db.close();
  if (result.visits !== graph.steps.length) throw new Error(`LangGraph visited ${result.visits} of ${graph.steps.length} nodes`);
  const db = new Database(file, { readonly: true });
  const count = (table: string) => (db.prepare(`SELECT count(*) AS count FROM ${table}`).get() as { count: number }).count;
  const rows = { checkpoints: count('checkpoints'), writes: count('writes') };
  db.close();
  return { micros, ...rows };
}

async function tizmorOnce(graph: PlanGraph, dataDir: string): Promise<number> {
  const engine = openEngine({ dataDir, host: 'test', appVersion: 'bench' });
  const client = createDirectClient(engine);
  const { defaultWorkspaceId: workspaceId } = await client.system.status({});
  const started = performance.now();
  const run = await client.runs.start({ workspaceId, graph, title: 'bench', options: { concurrency: 16 } });
  await engine.runs.waitFor(run.id);
  const micros = ((performance.now() - started) * 1000) / graph.steps.length;
  const detail = await client.runs.get({ workspaceId, runId: run.id });
  engine.close();
  if (detail.run.status !== 'completed') throw new Error(`Tizmor run ended ${detail.run.status}`);
  return micros;
}

it('LangGraph.js + SqliteSaver against Tizmor, same graphs, same run', async () => {
  // LangGraph adds an abort listener per task to one signal: 100 parallel nodes pass Node's default warning threshold (10).
  setMaxListeners(1000);
  const dir = mkdtempSync(join(tmpdir(), 'tizmor-bench-langgraph-'));
  let sequence = 0;
  const fresh = () => join(dir, `${sequence++}`);
  // Warm both up (module load, JIT) before anything is timed.
  for (let index = 0; index < 2; index++) {
    await langGraphOnce(chain(50), fresh());
    await tizmorOnce(chain(50), fresh());
  }

  const cases: { name: string; graph: PlanGraph; repeats: number; issue: string }[] = [
    { name: 'chain 200', graph: chain(200), repeats: 5, issue: '≈ 2,600' },
    { name: 'chain 1,000', graph: chain(1000), repeats: 3, issue: '≈ 8,600' },
    { name: 'fan-out 100-wide (root → 100 → join, 102)', graph: fanOut(100), repeats: 5, issue: '≈ 1,200' },
  ];
  const rows: string[][] = [];
  for (const { name, graph, repeats, issue } of cases) {
    const langGraph: number[] = [];
    const tizmor: number[] = [];
    let rowsWritten = '';
    // Alternate the two so that neither gets a quieter machine.
    for (let index = 0; index < repeats; index++) {
      const result = await langGraphOnce(graph, fresh());
      langGraph.push(result.micros);
      rowsWritten = `${result.checkpoints} / ${result.writes}`;
      tizmor.push(await tizmorOnce(graph, fresh()));
    }
    const lg = stats(langGraph);
    const tz = stats(tizmor);
    rows.push([
      name,
      `${lg.median.toFixed(1)} µs`,
      `${lg.min.toFixed(0)}–${lg.max.toFixed(0)}`,
      `${tz.median.toFixed(1)} µs`,
      `${tz.min.toFixed(1)}–${tz.max.toFixed(1)}`,
      `${(lg.median / tz.median).toFixed(1)}×`,
      rowsWritten,
      issue,
    ]);
  }

  const header = ['case', 'LangGraph µs/node', 'min–max', 'Tizmor µs/step', 'min–max', 'speed-up', 'LG checkpoints / writes', 'issue says (LG)'];
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const format = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ');
  console.log(
    `\nLangGraph.js ${langGraphVersion()} + SqliteSaver (file, WAL) vs Tizmor run engine (concurrency 16), zero-work nodes; median of repeats\n` +
      `${format(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n${rows.map(format).join('\n')}\n` +
      `speed-up = LangGraph median / Tizmor median; LangGraph timed over invoke() (compile excluded), Tizmor over runs.start → waitFor\n`,
  );
  rmSync(dir, { recursive: true, force: true });
});

function langGraphVersion(): string {
  const manifest = new URL('../node_modules/@langchain/langgraph/package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
