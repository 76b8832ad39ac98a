import { describe, expect, it } from 'vitest';
import { kubectl, kubectlResult, NAMESPACE, runningPods } from '../src/cluster.ts';

// Checked from inside each running container, not read off the manifests: what the
// kubelet and the runtime really applied.
describe.each(['api', 'web', 'redis'])('every %s pod, from inside', (app) => {
  it('runs as the non-root user its manifest names, with a read-only root and no capabilities', async () => {
    const pods = await runningPods(`app.kubernetes.io/name=${app}`);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      const container = pod.spec.containers[0];
      if (!container) throw new Error(`${pod.metadata.name} has no container`);
      const exec = ['-n', NAMESPACE, 'exec', pod.metadata.name, '-c', container.name, '--'];
      const expectedUser = container.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser;
      const uid = Number((await kubectl([...exec, 'id', '-u'])).trim());
      expect(uid, pod.metadata.name).not.toBe(0);
      if (expectedUser !== undefined) expect(uid, pod.metadata.name).toBe(expectedUser);

      const write = await kubectlResult([...exec, 'touch', '/written-at-runtime']);
      expect(write.ok, pod.metadata.name).toBe(false);
      expect(write.output).toMatch(/Read-only file system/);

      const status = await kubectl([...exec, 'cat', '/proc/1/status']);
      for (const set of ['CapPrm', 'CapEff', 'CapBnd']) {
        expect(new RegExp(`^${set}:\\s+([0-9a-f]+)$`, 'm').exec(status)?.[1], `${pod.metadata.name} ${set}`).toBe(
          '0000000000000000',
        );
      }
      expect(/^NoNewPrivs:\s+(\d)$/m.exec(status)?.[1], pod.metadata.name).toBe('1');
    }
  });
});
