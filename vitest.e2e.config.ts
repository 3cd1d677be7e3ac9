import { defineConfig } from 'vitest/config';

// End-to-end tests: real Chromium against the headless engine serving the built UI.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
