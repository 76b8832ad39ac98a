import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { script } from '../src/cluster.ts';

const run = promisify(execFile);

describe('pnpm kind:down', () => {
  it('removes the cluster, its node container and its kubectl context', async () => {
    await script('kind-down.sh', []);
    expect((await run('kind', ['get', 'clusters'])).stdout.split('\n')).not.toContain('shortly');
    const containers = await run('docker', ['ps', '-a', '--format', '{{.Names}}']);
    expect(containers.stdout).not.toMatch(/shortly-control-plane/);
    const contexts = await run('kubectl', ['config', 'get-contexts', '-o', 'name']);
    expect(contexts.stdout.split('\n')).not.toContain('kind-shortly');
  });
});
