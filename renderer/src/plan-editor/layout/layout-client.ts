import { layeredLayout, type LayoutRequest, type LayoutResult } from './layered-layout';

type Reply = { id: number; positions: LayoutResult } | { id: number; error: string };

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, { request: LayoutRequest; resolve: (positions: LayoutResult) => void }>();

/** The layout worker, started on first use; null where workers cannot start (then layouts run here). */
function layoutWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = typeof Worker === 'undefined' ? null : new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = null;
  }
  if (worker) {
    worker.onmessage = (event: MessageEvent<Reply>) => {
      const job = pending.get(event.data.id);
      if (!job) return;
      pending.delete(event.data.id);
      job.resolve('positions' in event.data ? event.data.positions : layeredLayout(job.request));
    };
    // A worker that fails to load (a file:// page, a stricter policy) hands its jobs back to this thread.
    worker.onerror = (event) => {
      event.preventDefault();
      worker?.terminate();
      worker = null;
      for (const [id, job] of pending) {
        pending.delete(id);
        job.resolve(layeredLayout(job.request));
      }
    };
  }
  return worker;
}

/** Lays a graph out off the main thread when it can, else here. */
export function computeLayout(request: LayoutRequest): Promise<LayoutResult> {
  const target = layoutWorker();
  if (!target) return Promise.resolve(layeredLayout(request));
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, { request, resolve });
    target.postMessage({ id, request });
  });
}
