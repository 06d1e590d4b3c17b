/**
 * A layered (Sugiyama-style) layout, written for plans of up to 10,000 steps: rank by longest
 * path, order each rank by barycenter sweeps (long edges pass through virtual nodes), then place
 * each rank as close to its neighbours as the node spacing allows. Linear-ish in steps + edges.
 *
 * Pure: no DOM, so it runs in the layout worker and in tests alike.
 */

/** Which way dependencies flow: left to right (rows of ranks) or top to bottom. */
export type LayoutDirection = 'LR' | 'TB';

export interface LayoutRequest {
  /** Node ids, in a stable order (the plan's step order). */
  ids: string[];
  /** Dependencies as pairs of indexes into {@link ids}: `edges[2k]` → `edges[2k + 1]`. */
  edges: number[];
  direction: LayoutDirection;
  size: { width: number; height: number };
  /** Space between ranks (along the flow) and between nodes of one rank. */
  gaps: { rank: number; node: number };
}

/** Top-left corners, in left-to-right terms. */
export type LayoutResult = Record<string, { x: number; y: number }>;

const sweepLimit = (count: number) => (count > 4000 ? 4 : count > 1000 ? 8 : 16);

export function layeredLayout(request: LayoutRequest): LayoutResult {
  const count = request.ids.length;
  if (count === 0) return {};
  const { successors, predecessors } = adjacency(count, request.edges);
  const { rank, topological } = rankNodes(count, successors, predecessors);
  const layers = buildLayers(count, rank, topological, successors);
  orderLayers(layers);
  return place(request, layers, rank, successors, predecessors);
}

/**
 * A quick first draft of the layout, cheap enough for the main thread at 10,000 steps: the same
 * ranks, each rank in plan order, without the crossing and alignment work.
 */
export function rankedLayout(request: LayoutRequest): LayoutResult {
  const count = request.ids.length;
  const { successors, predecessors } = adjacency(count, request.edges);
  const { rank, topological } = rankNodes(count, successors, predecessors);
  const along = request.direction === 'LR' ? request.size.width : request.size.height;
  const across = (request.direction === 'LR' ? request.size.height : request.size.width) + request.gaps.node;
  const filled = new Map<number, number>();
  const result: LayoutResult = {};
  for (const node of topological) {
    const layer = rank[node] as number;
    const row = filled.get(layer) ?? 0;
    filled.set(layer, row + 1);
    const main = layer * (along + request.gaps.rank);
    result[request.ids[node] as string] = request.direction === 'LR' ? { x: main, y: row * across } : { x: row * across, y: main };
  }
  return result;
}

function adjacency(count: number, edges: number[]): { successors: number[][]; predecessors: number[][] } {
  const successors: number[][] = Array.from({ length: count }, () => []);
  const predecessors: number[][] = Array.from({ length: count }, () => []);
  const seen = new Set<number>();
  for (let index = 0; index + 1 < edges.length; index += 2) {
    const source = edges[index] as number;
    const target = edges[index + 1] as number;
    if (source === target || source < 0 || target < 0 || source >= count || target >= count) continue;
    const key = source * count + target;
    if (seen.has(key)) continue;
    seen.add(key);
    (successors[source] as number[]).push(target);
    (predecessors[target] as number[]).push(source);
  }
  return { successors, predecessors };
}

/**
 * Longest-path ranks. A plan being edited may hold a cycle; the step of the cycle met first is
 * then taken as if its remaining dependencies were done, so every step still gets a rank.
 */
function rankNodes(count: number, successors: number[][], predecessors: number[][]) {
  const waiting = predecessors.map((list) => list.length);
  const rank = new Int32Array(count);
  const done = new Uint8Array(count);
  const topological: number[] = [];
  const queue: number[] = [];
  for (let node = 0; node < count; node++) if (waiting[node] === 0) queue.push(node);
  let head = 0;
  let scan = 0;
  while (topological.length < count) {
    if (head === queue.length) {
      while (done[scan]) scan++;
      queue.push(scan);
    }
    const node = queue[head++] as number;
    if (done[node]) continue;
    done[node] = 1;
    topological.push(node);
    for (const next of successors[node] as number[]) {
      if (done[next]) continue;
      if ((rank[next] as number) < (rank[node] as number) + 1) rank[next] = (rank[node] as number) + 1;
      waiting[next] = (waiting[next] as number) - 1;
      if (waiting[next] === 0) queue.push(next);
    }
  }
  // A step that waits for nothing sits just before its first consumer, not far away in rank 0.
  for (let index = topological.length - 1; index >= 0; index--) {
    const node = topological[index] as number;
    if ((predecessors[node] as number[]).length > 0) continue;
    let nearest = Infinity;
    for (const next of successors[node] as number[]) nearest = Math.min(nearest, rank[next] as number);
    if (Number.isFinite(nearest) && nearest - 1 > (rank[node] as number)) rank[node] = nearest - 1;
  }
  return { rank, topological };
}

/** One rank's vertices (real nodes, then virtual ones numbered from `count`), and their neighbours in the ranks around. */
interface Layers {
  count: number;
  byRank: number[][];
  up: number[][];
  down: number[][];
}

function buildLayers(count: number, rank: Int32Array, topological: number[], successors: number[][]): Layers {
  let maxRank = 0;
  for (let node = 0; node < count; node++) maxRank = Math.max(maxRank, rank[node] as number);
  const byRank: number[][] = Array.from({ length: maxRank + 1 }, () => []);
  const up: number[][] = [];
  const down: number[][] = [];
  for (let node = 0; node < count; node++) {
    up.push([]);
    down.push([]);
  }
  for (const node of topological) (byRank[rank[node] as number] as number[]).push(node);
  // Long edges get a chain of virtual vertices, within a budget so a tangle cannot explode.
  let budget = 4 * count + 1000;
  let next = count;
  const link = (from: number, to: number) => {
    (down[from] as number[]).push(to);
    (up[to] as number[]).push(from);
  };
  for (const node of topological) {
    for (const target of successors[node] as number[]) {
      const span = (rank[target] as number) - (rank[node] as number);
      if (span <= 0) continue;
      if (span === 1 || span - 1 > budget) {
        if (span === 1) link(node, target);
        continue;
      }
      budget -= span - 1;
      let previous = node;
      for (let step = 1; step < span; step++) {
        const virtual = next++;
        up.push([]);
        down.push([]);
        (byRank[(rank[node] as number) + step] as number[]).push(virtual);
        link(previous, virtual);
        previous = virtual;
      }
      link(previous, target);
    }
  }
  return { count, byRank, up, down };
}

/** Barycenter sweeps, down then up, keeping the order with the fewest crossings. */
function orderLayers(layers: Layers): void {
  const { byRank, up, down } = layers;
  const position = new Float64Array(up.length);
  const assign = () => {
    for (const layer of byRank) layer.forEach((vertex, index) => (position[vertex] = index));
  };
  assign();
  let best = byRank.map((layer) => [...layer]);
  let bestCrossings = crossings(layers, position);
  const sweeps = sweepLimit(layers.count);
  for (let sweep = 0; sweep < sweeps && bestCrossings > 0; sweep++) {
    const downward = sweep % 2 === 0;
    const ranks = downward ? byRank.keys() : [...byRank.keys()].reverse();
    for (const rank of ranks) {
      const layer = byRank[rank] as number[];
      const neighbours = downward ? up : down;
      const key = new Map<number, number>();
      for (const vertex of layer) {
        const around = neighbours[vertex] as number[];
        if (around.length === 0) key.set(vertex, position[vertex] as number);
        else {
          let sum = 0;
          for (const other of around) sum += position[other] as number;
          key.set(vertex, sum / around.length);
        }
      }
      layer.sort((a, b) => (key.get(a) as number) - (key.get(b) as number) || (position[a] as number) - (position[b] as number));
      layer.forEach((vertex, index) => (position[vertex] = index));
    }
    const now = crossings(layers, position);
    if (now < bestCrossings) {
      bestCrossings = now;
      best = byRank.map((layer) => [...layer]);
    }
  }
  best.forEach((layer, rank) => (byRank[rank] = layer));
}

/** Edge crossings between neighbouring ranks (accumulator tree, O(E log V) per pair). */
function crossings(layers: Layers, position: Float64Array): number {
  let total = 0;
  for (let rank = 0; rank + 1 < layers.byRank.length; rank++) {
    const lower = layers.byRank[rank + 1] as number[];
    const ends: number[] = [];
    for (const vertex of layers.byRank[rank] as number[]) {
      const targets = (layers.down[vertex] as number[]).map((target) => position[target] as number).sort((a, b) => a - b);
      ends.push(...targets);
    }
    let size = 1;
    while (size < lower.length) size *= 2;
    const tree = new Int32Array(2 * size);
    for (const end of ends) {
      let index = end + size;
      tree[index] = (tree[index] as number) + 1;
      while (index > 1) {
        if (index % 2 === 0) total += tree[index + 1] as number;
        index >>= 1;
        tree[index] = (tree[index] as number) + 1;
      }
    }
  }
  return total;
}

function place(request: LayoutRequest, layers: Layers, rank: Int32Array, successors: number[][], predecessors: number[][]): LayoutResult {
  const { count, byRank } = layers;
  const across = request.direction === 'LR' ? request.size.height : request.size.width;
  const along = request.direction === 'LR' ? request.size.width : request.size.height;
  const spacing = across + request.gaps.node;
  const realByRank = byRank.map((layer) => layer.filter((vertex) => vertex < count));
  const cross = new Float64Array(count);
  for (const layer of realByRank) {
    const offset = ((layer.length - 1) * spacing) / 2;
    layer.forEach((node, index) => (cross[node] = index * spacing - offset));
  }
  const settle = (layer: number[], neighbours: number[][]) => {
    const wanted = layer.map((node) => {
      const around = neighbours[node] as number[];
      if (around.length === 0) return cross[node] as number;
      let sum = 0;
      for (const other of around) sum += cross[other] as number;
      return sum / around.length;
    });
    const placed = spacedClosest(wanted, spacing);
    layer.forEach((node, index) => (cross[node] = placed[index] as number));
  };
  for (let pass = 0; pass < 4; pass++) {
    if (pass % 2 === 0) for (let index = 1; index < realByRank.length; index++) settle(realByRank[index] as number[], predecessors);
    else for (let index = realByRank.length - 2; index >= 0; index--) settle(realByRank[index] as number[], successors);
  }
  let minimum = Infinity;
  for (let node = 0; node < count; node++) minimum = Math.min(minimum, cross[node] as number);
  const result: LayoutResult = {};
  for (let node = 0; node < count; node++) {
    const main = (rank[node] as number) * (along + request.gaps.rank);
    const side = Math.round((cross[node] as number) - minimum);
    result[request.ids[node] as string] = request.direction === 'LR' ? { x: main, y: side } : { x: side, y: main };
  }
  return result;
}

/**
 * The positions closest (least squares) to `wanted` that keep their order and at least
 * `spacing` apart: isotonic regression by pooling adjacent violators.
 */
export function spacedClosest(wanted: number[], spacing: number): number[] {
  const blocks: { start: number; size: number; mean: number }[] = [];
  wanted.forEach((value, index) => {
    blocks.push({ start: index, size: 1, mean: value - index * spacing });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as (typeof blocks)[number];
      const before = blocks[blocks.length - 2] as (typeof blocks)[number];
      if (before.mean <= last.mean) break;
      const size = before.size + last.size;
      blocks.splice(blocks.length - 2, 2, { start: before.start, size, mean: (before.mean * before.size + last.mean * last.size) / size });
    }
  });
  const placed: number[] = new Array<number>(wanted.length);
  for (const block of blocks) {
    for (let index = block.start; index < block.start + block.size; index++) placed[index] = block.mean + index * spacing;
  }
  return placed;
}
