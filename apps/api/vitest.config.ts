import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages are read from their TypeScript sources, as in `pnpm dev`.
  resolve: { conditions: ['@shortly/source'] },
  ssr: { resolve: { conditions: ['@shortly/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '../../reports/api.json' }]] : ['default'],
  },
});
