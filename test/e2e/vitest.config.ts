import { defineConfig } from 'vitest/config';

/**
 * Browser tests: Playwright drives Debian's Chromium against the built renderer served by the
 * headless host (`node out/main/server.js`). Build first (`npm run build`); `npm run test:e2e` does.
 */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
  },
});
