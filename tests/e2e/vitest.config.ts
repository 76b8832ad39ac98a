import { NameOrderSequencer, sharedConfig } from '@shortly/vitest-config';

export default sharedConfig('e2e', {
  test: {
    // One stack for the whole suite: files run one after the other, in name order.
    fileParallelism: false,
    sequence: { sequencer: NameOrderSequencer },
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
  },
});
