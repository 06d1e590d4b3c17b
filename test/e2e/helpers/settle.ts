import type { Page } from 'playwright-core';

/**
 * Waits until no finite animation or transition is running (a modal fading in or out, nodes
 * moving into place), so a screenshot shows what a person sees once the page is still.
 * Endless ones (loaders) are ignored.
 */
export async function settle(page: Page, timeoutMs = 3000): Promise<void> {
  // A transition asked for in this frame starts in the next one.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .filter((animation) => animation.playState === 'running' && animation.effect?.getTiming().iterations !== Infinity).length === 0,
    undefined,
    { timeout: timeoutMs },
  );
}
