import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { it } from 'vitest';
import { createClient, createWebSocketTransport, type PlanGraph } from '../engine/api';
import { openEngine } from '../engine/engine';
import { createDirectClient } from '../engine/rpc/direct-transport';
import { serve } from '../main/server/serve';
import { medianMs, printTable } from './measure';

/** A layered graph of `count` steps, each waiting for up to two steps of the layer before. */
function layeredGraph(count: number): PlanGraph {
  const steps: PlanGraph['steps'] = [];
  const layout: PlanGraph['layout'] = {};
  for (let index = 0; index < count; index++) {
    const layer = Math.floor(index / 10);
    const dependsOn = layer === 0 ? [] : [`s${(layer - 1) * 10 + (index % 10)}`, `s${(layer - 1) * 10 + ((index + 1) % 10)}`];
    steps.push({ id: `s${index}`, title: `Step ${index}`, agent: 'llm.generate', input: { prompt: `part ${index}` }, dependsOn });
    layout[`s${index}`] = { x: layer * 280, y: (index % 10) * 120 };
  }
  return { steps, layout };
}

it('contract calls: direct vs WebSocket, and version saves by graph size', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tizmor-bench-'));
  const host = await serve({ dataDir, port: 0, host: '127.0.0.1', token: 'bench', log: () => undefined, staticDir: dataDir });
  const transport = createWebSocketTransport({ url: `ws://127.0.0.1:${host.server.port}/ws?token=bench`, WebSocket });
  await transport.ready;
  const overWire = createClient(transport);
  const direct = createDirectClient(host.engine);
  const { defaultWorkspaceId: workspaceId } = await direct.system.status({});
  for (let index = 0; index < 200; index++) await direct.plans.create({ workspaceId, title: `Plan ${index}`, graph: layeredGraph(20) });

  const small = layeredGraph(10);
  const large = layeredGraph(500);
  const { plan } = await direct.plans.create({ workspaceId, title: 'Bench target' });

  printTable('Contract calls (file-backed SQLite, WAL)', [
    { name: 'direct system.status', medianMs: await medianMs(() => direct.system.status({}), 200) },
    { name: 'ws system.status', medianMs: await medianMs(() => overWire.system.status({}), 200), baseline: 'direct system.status' },
    { name: 'direct plans.list (200 plans)', medianMs: await medianMs(() => direct.plans.list({ workspaceId }), 50) },
    { name: 'ws plans.list (200 plans)', medianMs: await medianMs(() => overWire.plans.list({ workspaceId }), 50), baseline: 'direct plans.list (200 plans)' },
    { name: 'saveVersion 10 steps', medianMs: await medianMs(() => direct.plans.saveVersion({ workspaceId, planId: plan.id, graph: small, message: 'b' }), 50) },
    { name: 'saveVersion 500 steps', medianMs: await medianMs(() => direct.plans.saveVersion({ workspaceId, planId: plan.id, graph: large, message: 'b' }), 30), baseline: 'saveVersion 10 steps' },
    { name: 'ws saveVersion 500 steps', medianMs: await medianMs(() => overWire.plans.saveVersion({ workspaceId, planId: plan.id, graph: large, message: 'b' }), 30), baseline: 'saveVersion 500 steps' },
    { name: 'plans.get 500 steps', medianMs: await medianMs(() => direct.plans.get({ workspaceId, planId: plan.id }), 50) },
  ]);

  // Two 1,000-step versions that differ in 10% of their steps (target: diff < 100 ms).
  const thousand = layeredGraph(1000);
  const edited: PlanGraph = {
    steps: thousand.steps.map((step, index) => (index % 10 === 0 ? { ...step, input: { prompt: `changed ${index}` } } : step)),
    layout: Object.fromEntries(Object.entries(thousand.layout).map(([id, position], index) => [id, index % 7 === 0 ? { x: position.x + 40, y: position.y } : position])),
  };
  const versioned = await direct.plans.create({ workspaceId, title: 'Diff target', graph: thousand });
  await direct.plans.saveVersion({ workspaceId, planId: versioned.plan.id, graph: edited, message: 'edit 10%' });
  printTable('Version diff (1,000 steps, 10% changed; target < 100 ms)', [
    { name: 'plans.diff direct', medianMs: await medianMs(() => direct.plans.diff({ workspaceId, planId: versioned.plan.id, from: 1, to: 2 }), 20) },
    { name: 'plans.diff over ws', medianMs: await medianMs(() => overWire.plans.diff({ workspaceId, planId: versioned.plan.id, from: 1, to: 2 }), 20), baseline: 'plans.diff direct' },
  ]);

  transport.close();
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('engine start on an existing data folder', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tizmor-bench-open-'));
  openEngine({ dataDir, host: 'test', appVersion: '0' }).close();
  printTable('Engine start', [
    { name: 'open in-memory (migrations)', medianMs: await medianMs(() => openEngine({ dataDir: null, host: 'test', appVersion: '0' }).close(), 30) },
    { name: 'open existing file', medianMs: await medianMs(() => openEngine({ dataDir, host: 'test', appVersion: '0' }).close(), 30), baseline: 'open in-memory (migrations)' },
  ]);
  rmSync(dataDir, { recursive: true, force: true });
});
