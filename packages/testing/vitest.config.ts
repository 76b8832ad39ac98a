import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A first Redis image pull can take a while.
    hookTimeout: 120_000,
    testTimeout: 120_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '../../reports/testing.json' }]] : ['default'],
  },
});
