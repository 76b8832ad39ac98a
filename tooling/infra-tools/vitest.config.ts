import { sharedConfig } from '@shortly/vitest-config';

// The tools start slowly (checkov imports hundreds of policies).
export default sharedConfig('infra-tools', { test: { testTimeout: 180_000 } });
