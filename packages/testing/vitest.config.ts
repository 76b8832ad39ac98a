import { sharedConfig } from '@shortly/vitest-config';

// A first Redis image pull can take a while.
export default sharedConfig('testing', { test: { hookTimeout: 120_000, testTimeout: 120_000 } });
