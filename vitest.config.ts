import { defineConfig } from 'vitest/config';

// Tests talk to real servers on 127.0.0.1 and run real FFmpeg, so they get generous timeouts
// and run files in parallel processes (each engine binds its own ports).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
