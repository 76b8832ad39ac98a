import { sharedConfig } from '@shortly/vitest-config';

export default sharedConfig('api', {
  // Workspace packages are read from their TypeScript sources, as in `pnpm dev`.
  resolve: { conditions: ['@shortly/source'] },
  ssr: { resolve: { conditions: ['@shortly/source'] } },
  test: {
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
