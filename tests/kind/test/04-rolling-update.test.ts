import { describe, expect, it } from 'vitest';
import { createLink, kubectl, NAMESPACE, runningPods } from '../src/cluster.ts';
import { describePhases, steadyLoad } from '../src/load.ts';

// Q(zero-downtime-deploy): How do you prove that a zero-downtime rolling update drops no request?
// By doing one under load: every api pod is replaced (`kubectl rollout restart`) while a
// steady stream of redirects goes through the Gateway, and not one may fail. What makes
// it hold: maxUnavailable 0, readiness, the preStop sleep and the app's drain.
describe('a rolling update of the api under steady load', () => {
  it('replaces every api pod and fails no request', async () => {
    const target = `https://example.com/rolling/${Date.now()}`;
    const code = await createLink(target);
    const before = (await runningPods('app.kubernetes.io/instance=api')).map((pod) => pod.metadata.name);

    const load = steadyLoad(code, target);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    load.phase('rollout');
    await kubectl(['-n', NAMESPACE, 'rollout', 'restart', 'deployment/api']);
    await kubectl(['-n', NAMESPACE, 'rollout', 'status', 'deployment/api', '--timeout=300s']);
    // The old pods drain after the rollout reports done; keep the load on until they are gone.
    await expect
      .poll(async () => (await runningPods('app.kubernetes.io/instance=api')).map((pod) => pod.metadata.name), {
        timeout: 120_000,
        interval: 1000,
      })
      .not.toEqual(expect.arrayContaining(before));
    await kubectl(['-n', NAMESPACE, 'wait', '--for=delete', ...before.map((name) => `pod/${name}`), '--timeout=120s']);
    load.phase('after');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const phases = await load.stop();
    process.stdout.write(`\nRolling update under load:\n${describePhases(phases)}\n`);

    const sent = phases.reduce((sum, phase) => sum + phase.sent, 0);
    expect(sent).toBeGreaterThan(50);
    expect(phases.flatMap((phase) => phase.failures)).toEqual([]);
  });
});
