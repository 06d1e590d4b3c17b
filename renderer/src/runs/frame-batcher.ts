/**
 * Collects items and hands them over together once per animation frame, so a burst of host
 * events (a 1,000-step run sends thousands) costs one store update per frame. A timer stands
 * in when frames are not drawn (a hidden window), so the queue never grows without end.
 */
export function createFrameBatcher<T>(flush: (items: T[]) => void, fallbackMs = 200): { push(item: T): void } {
  let queue: T[] = [];
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    const items = queue;
    queue = [];
    if (items.length > 0) flush(items);
  };
  return {
    push(item) {
      queue.push(item);
      if (queue.length > 1) return;
      frame = requestAnimationFrame(run);
      timer = setTimeout(run, fallbackMs);
    },
  };
}
