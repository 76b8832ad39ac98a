import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The tools start slowly (checkov imports hundreds of policies).
    testTimeout: 180_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '../../reports/infra-tools.json' }]] : ['default'],
  },
});
