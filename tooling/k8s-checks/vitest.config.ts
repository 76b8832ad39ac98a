import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // kubectl kustomize runs once per overlay per test file; give slow machines room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '../../reports/k8s-checks.json' }]] : ['default'],
  },
});
