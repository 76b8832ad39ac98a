import { sharedConfig } from '@shortly/vitest-config';

export default sharedConfig('terraform-checks');
