import { describe, expect, it } from 'vitest';
import { createLink, ENTRY, kubectl, kubectlJson, NAMESPACE } from '../src/cluster.ts';

// What `pnpm kind:up` left behind, read back from the cluster and through its entry.
describe('the deploy', () => {
  it('finished every rollout and the migration Job', async () => {
    for (const workload of ['deployment/api', 'deployment/web', 'statefulset/redis']) {
      await kubectl(['-n', NAMESPACE, 'rollout', 'status', workload, '--timeout=10s']);
    }
    const job = await kubectlJson<{ status: { conditions?: { type: string; status: string }[] } }>([
      '-n',
      NAMESPACE,
      'get',
      'job',
      'api-migrate',
    ]);
    expect(job.status.conditions?.find((condition) => condition.type === 'Complete')?.status).toBe('True');
  });

  it('has a Gateway that Traefik accepted and programmed, with both routes attached', async () => {
    const gateway = await kubectlJson<{ status: { conditions: { type: string; status: string }[] } }>([
      '-n',
      NAMESPACE,
      'get',
      'gateway',
      'shortly',
    ]);
    const status = Object.fromEntries(gateway.status.conditions.map((c) => [c.type, c.status]));
    expect(status).toMatchObject({ Accepted: 'True', Programmed: 'True' });
    for (const route of ['web', 'api']) {
      const accepted = await kubectl([
        '-n',
        NAMESPACE,
        'get',
        'httproute',
        route,
        '-o',
        'jsonpath={.status.parents[0].conditions[?(@.type=="Accepted")].status}',
      ]);
      expect(accepted, route).toBe('True');
    }
  });

  it('routes the page to web and the API and short links to the api', async () => {
    const page = await fetch(`${ENTRY}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('x-shortly-version')).toBeNull();

    const target = `https://example.com/kind/${Date.now()}`;
    const code = await createLink(target);
    const redirect = await fetch(`${ENTRY}/${code}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(target);
    expect(redirect.headers.get('x-shortly-version')).toBe('0.1.0');
  });

  it('keeps /metrics and /docs inside the cluster', async () => {
    for (const path of ['/metrics', '/docs']) {
      const response = await fetch(`${ENTRY}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('x-shortly-version'), path).toBeNull();
    }
  });
});
