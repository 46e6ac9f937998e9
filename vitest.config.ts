import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Each file opens its own databases; two at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
    pool: 'forks',
  },
});
