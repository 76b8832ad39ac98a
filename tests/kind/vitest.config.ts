import { NameOrderSequencer, sharedConfig } from '@shortly/vitest-config';

// One cluster for the whole suite (made by `pnpm kind:up`): files run one after the
// other, in name order, since releases change what the others see.
export default sharedConfig('kind', {
  test: {
    fileParallelism: false,
    sequence: { sequencer: NameOrderSequencer },
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
