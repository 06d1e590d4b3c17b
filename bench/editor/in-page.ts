import type { Page } from 'playwright-core';

/**
 * Measurements taken inside the page, so the browser round trips of Playwright do not count.
 * Each returns milliseconds (or frames per second) measured with performance.now().
 */

/** Clicks `clickTestId`, then waits until `selector` matches and two frames were painted after it. */
export function timeUntil(page: Page, clickTestId: string, selector: string, timeoutMs = 60_000): Promise<{ ms: number; longestTaskMs: number }> {
  return page.evaluate(
    async ({ clickTestId, selector, timeoutMs }) => {
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration);
      });
      observer.observe({ type: 'longtask', buffered: false });
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const target = document.querySelector<HTMLElement>(`[data-testid="${clickTestId}"]`);
      if (!target) throw new Error(`${clickTestId} is not on the page`);
      const start = performance.now();
      target.click();
      while (!document.querySelector(selector)) {
        if (performance.now() - start > timeoutMs) throw new Error(`${selector} did not appear`);
        await frame();
      }
      await frame();
      await frame();
      const ms = performance.now() - start;
      observer.disconnect();
      return { ms, longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0 };
    },
    { clickTestId, selector, timeoutMs },
  );
}

/** Clicks an element and waits until the canvas's `data-layout-runs` counter moves on, plus a painted frame. */
export function timeLayout(page: Page, clickTestId: string): Promise<number> {
  return page.evaluate(async (clickTestId) => {
    const flow = document.querySelector('[data-testid="flow"]');
    const before = flow?.getAttribute('data-layout-runs');
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    const start = performance.now();
    document.querySelector<HTMLElement>(`[data-testid="${clickTestId}"]`)?.click();
    while (document.querySelector('[data-testid="flow"]')?.getAttribute('data-layout-runs') === before) {
      if (performance.now() - start > 60_000) throw new Error('the layout did not finish');
      await frame();
    }
    await frame();
    return performance.now() - start;
  }, clickTestId);
}

/** Starts counting painted frames; `stopFrames` returns frames per second and the longest gap. */
export function startFrames(page: Page): Promise<void> {
  return page.evaluate(() => {
    const stamps: number[] = [];
    const state = window as unknown as { benchFrames?: { stamps: number[]; running: boolean } };
    state.benchFrames = { stamps, running: true };
    const tick = (time: number) => {
      stamps.push(time);
      if (state.benchFrames?.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export function stopFrames(page: Page): Promise<{ fps: number; longestFrameMs: number }> {
  return page.evaluate(() => {
    const state = window as unknown as { benchFrames?: { stamps: number[]; running: boolean } };
    const frames = state.benchFrames;
    if (!frames) throw new Error('frames were not being counted');
    frames.running = false;
    const { stamps } = frames;
    const span = (stamps[stamps.length - 1] ?? 0) - (stamps[0] ?? 0);
    let longest = 0;
    for (let index = 1; index < stamps.length; index++) longest = Math.max(longest, (stamps[index] as number) - (stamps[index - 1] as number));
    return { fps: span > 0 ? ((stamps.length - 1) * 1000) / span : 0, longestFrameMs: longest };
  });
}

/** Drags an element by (dx, dy) in `moves` pointer moves, as a person would, counting frames meanwhile. */
export async function dragFrames(page: Page, testId: string, by: { x: number; y: number }, moves: number): Promise<{ fps: number; longestFrameMs: number }> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not on screen`);
  const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await startFrames(page);
  for (let index = 1; index <= moves; index++) {
    await page.mouse.move(from.x + (by.x * index) / moves, from.y + (by.y * index) / moves);
  }
  const result = await stopFrames(page);
  await page.mouse.up();
  return result;
}
