import { describe, expect, it } from 'vitest';
import { kubectl, kubectlJson, kubectlResult, NAMESPACE, runningPods } from '../src/cluster.ts';

/** A pod manifest for server-side dry runs: the API server admits or refuses it, nothing runs. */
function pod(name: string, container: Record<string, unknown>, podSecurity: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE },
    spec: { securityContext: podSecurity, containers: [{ name: 'probe', image: 'shortly-api:0.1.0', ...container }] },
  });
}

const restricted = {
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
};
const restrictedPod = { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } };
const dryRun = ['create', '--dry-run=server', '-o', 'json', '-f', '-'];

describe('admission, by the API server itself', () => {
  it('Pod Security admission refuses a privileged pod in the namespace (restricted is enforced)', async () => {
    const refused = await kubectlResult(dryRun, pod('privileged', { securityContext: { privileged: true } }));
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/violates PodSecurity "restricted:v1\.37"/);
    expect(refused.output).toMatch(/privileged/);
  });

  it('LimitRange gives a container without resources the namespace defaults', async () => {
    const admitted = JSON.parse(await kubectl(dryRun, pod('defaults', restricted, restrictedPod)));
    expect(admitted.spec.containers[0].resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '250m', memory: '128Mi' },
    });
  });

  it('LimitRange refuses a container above its maximum', async () => {
    const big = { ...restricted, resources: { requests: { cpu: '3' }, limits: { cpu: '3' } } };
    const refused = await kubectlResult(dryRun, pod('too-big', big, restrictedPod));
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/maximum cpu usage per Container is 2/);
  });

  it('ResourceQuota counts what runs and refuses a NodePort Service', async () => {
    const quota = await kubectlJson<{ status: { used: Record<string, string> } }>([
      '-n',
      NAMESPACE,
      'get',
      'resourcequota',
      'shortly',
    ]);
    expect(Number(quota.status.used.pods)).toBeGreaterThanOrEqual(3);
    const nodePort = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'exposed', namespace: NAMESPACE },
      spec: { type: 'NodePort', selector: { app: 'none' }, ports: [{ port: 80 }] },
    });
    const refused = await kubectlResult(dryRun, nodePort);
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/exceeded quota: shortly.*services\.nodeports/);
  });
});

describe('policies in force', () => {
  it('the HPA owns the api replica count and can scale it', async () => {
    const hpa = await kubectlJson<{
      spec: { minReplicas: number; maxReplicas: number };
      status: { conditions?: { type: string; status: string }[] };
    }>(['-n', NAMESPACE, 'get', 'hpa', 'api']);
    expect(hpa.spec).toMatchObject({ minReplicas: 1, maxReplicas: 3 });
    expect(hpa.status.conditions?.find((c) => c.type === 'AbleToScale')?.status).toBe('True');
  });

  it('the PodDisruptionBudget allows one eviction at a time, and refuses one when it has none left', async () => {
    const [api] = await runningPods('app.kubernetes.io/name=api,app.kubernetes.io/instance=api');
    if (!api) throw new Error('no running api pod');
    // A dry-run eviction goes through the same budget check as `kubectl drain`, and evicts nothing.
    const evict = () =>
      kubectlResult(
        ['create', '--raw', `/api/v1/namespaces/${NAMESPACE}/pods/${api.metadata.name}/eviction`, '-f', '-'],
        JSON.stringify({
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name: api.metadata.name, namespace: NAMESPACE },
          deleteOptions: { dryRun: ['All'] },
        }),
      );
    const allowed = () =>
      kubectl(['-n', NAMESPACE, 'get', 'pdb', 'api', '-o', 'jsonpath={.status.disruptionsAllowed}']).then(Number);

    // One replica on kind, maxUnavailable 1: one eviction is allowed.
    expect(await allowed()).toBe(1);
    const first = await evict();
    expect(first.ok, first.output).toBe(true);

    // With no disruption left (as when another pod is already down), the API refuses it.
    await kubectl(['-n', NAMESPACE, 'patch', 'pdb', 'api', '--type=merge', '-p', '{"spec":{"maxUnavailable":0}}']);
    try {
      await expect.poll(allowed, { timeout: 30_000 }).toBe(0);
      const refused = await evict();
      expect(refused.ok).toBe(false);
      expect(refused.output).toMatch(/would violate the pod's disruption budget/);
    } finally {
      await kubectl(['-n', NAMESPACE, 'patch', 'pdb', 'api', '--type=merge', '-p', '{"spec":{"maxUnavailable":1}}']);
    }
    await kubectl(['-n', NAMESPACE, 'get', 'pod', api.metadata.name]);
  });
});
