import type { Page } from 'playwright-core';

interface PhaseLog {
  tizmorPhases?: string[];
}

/**
 * Starts noting what the generation preview shows, as `phase:steps` each time it changes
 * (e.g. `started:0`, `partial:3`, `done:3`), so a test can tell steps that streamed in from
 * `plan.generating` events from steps that only came with the saved plan.
 */
export async function recordPreviewPhases(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as PhaseLog).tizmorPhases = seen;
    new MutationObserver(() => {
      const preview = document.querySelector('[data-testid="generation-preview"]');
      if (!preview) return;
      const entry = `${preview.getAttribute('data-phase') ?? ''}:${preview.querySelectorAll('[data-testid^="generation-step-"]').length}`;
      if (seen[seen.length - 1] !== entry) seen.push(entry);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
  });
}

/** What {@link recordPreviewPhases} noted so far. */
export function previewPhases(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as PhaseLog).tizmorPhases ?? []);
}
