import { sharedConfig } from '@shortly/vitest-config';

// kubectl kustomize runs once per overlay per test file; give slow machines room.
export default sharedConfig('k8s-checks', { test: { testTimeout: 60_000, hookTimeout: 60_000 } });
