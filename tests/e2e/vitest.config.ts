import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One stack for the whole suite: files run one after the other, in name order.
    fileParallelism: false,
    sequence: { shuffle: false },
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '../../reports/e2e.json' }]] : ['default'],
  },
});
