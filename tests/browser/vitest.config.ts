import { NameOrderSequencer, sharedConfig } from '@shortly/vitest-config';

// A stack of its own beside the main e2e suite's (project shortly-e2e on port 8080), so
// both can run at the same time. Set before test/global-setup.ts loads the e2e helpers,
// which read these once.
process.env.E2E_PROJECT ??= 'shortly-browser';
process.env.E2E_WEB_PORT ??= '8088';

export default sharedConfig('browser-e2e', {
  test: {
    env: { E2E_PROJECT: process.env.E2E_PROJECT, E2E_WEB_PORT: process.env.E2E_WEB_PORT },
    globalSetup: ['test/global-setup.ts'],
    fileParallelism: false,
    sequence: { sequencer: NameOrderSequencer },
    testTimeout: 120_000,
    hookTimeout: 900_000,
  },
});
