import { sharedConfig } from '@shortly/vitest-config';

export default sharedConfig('contracts');
