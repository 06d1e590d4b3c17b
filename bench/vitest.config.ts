import { defineConfig } from 'vitest/config';

/** `npm run bench`: measurements, not tests. Each file prints a table of medians. */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 300_000,
    fileParallelism: false,
    reporters: ['default'],
    silent: false,
  },
});
