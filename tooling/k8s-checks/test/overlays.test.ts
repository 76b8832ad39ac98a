// What each environment must differ in, as the issue asked for it.
import { describe, expect, it } from 'vitest';
import { findObject, type K8sObject, ofKind, podSpecOf } from '../src/objects.ts';
import { resolveEnv } from '../src/rules.ts';
import { overlayObjects, overlays } from './helpers.ts';

function replicas(objects: K8sObject[], kind: string, name: string): unknown {
  return (findObject(objects, kind, name)?.spec as { replicas?: number } | undefined)?.replicas;
}

function hpaRange(objects: K8sObject[]): [unknown, unknown] {
  const spec = findObject(objects, 'HorizontalPodAutoscaler', 'api')?.spec as
    | { minReplicas?: number; maxReplicas?: number }
    | undefined;
  return [spec?.minReplicas, spec?.maxReplicas];
}

function apiEnv(objects: K8sObject[]): Record<string, string> {
  const deployment = findObject(objects, 'Deployment', 'api');
  const container = deployment ? podSpecOf(deployment)?.containers[0] : undefined;
  return container ? resolveEnv(container, objects) : {};
}

it('has the kind and production overlays', () => {
  expect(overlays).toEqual(expect.arrayContaining(['kind', 'production']));
});

function webEnv(objects: K8sObject[]): Record<string, string> {
  const deployment = findObject(objects, 'Deployment', 'web');
  const container = deployment ? podSpecOf(deployment)?.containers[0] : undefined;
  return container ? resolveEnv(container, objects) : {};
}

// Nginx's own resolver ignores resolv.conf search domains: a bare `api` would never resolve.
it.each(overlays)('%s: the web nginx reaches the api Service by its full DNS name', (overlay) => {
  const objects = overlayObjects(overlay);
  expect(webEnv(objects).API_UPSTREAM).toBe('api.shortly.svc.cluster.local:3000');
  expect(findObject(objects, 'Service', 'api')).toBeDefined();
});

describe('kind overlay', () => {
  const objects = overlayObjects('kind');

  it('runs one replica of every workload', () => {
    expect(replicas(objects, 'Deployment', 'api')).toBeUndefined();
    expect(replicas(objects, 'Deployment', 'web')).toBe(1);
    expect(replicas(objects, 'StatefulSet', 'redis')).toBe(1);
    expect(hpaRange(objects)).toEqual([1, 3]);
  });

  it('runs Redis in the cluster with a PersistentVolumeClaim template and AOF on', () => {
    const redis = findObject(objects, 'StatefulSet', 'redis');
    const claims = (redis?.spec as { volumeClaimTemplates?: unknown[] } | undefined)?.volumeClaimTemplates ?? [];
    expect(claims.length).toBe(1);
    const config = ofKind(objects, 'ConfigMap').find((object) => object.metadata.name.startsWith('redis-config-'));
    expect(String((config?.data as Record<string, string> | undefined)?.['redis.conf'])).toMatch(/^appendonly yes$/m);
    expect(apiEnv(objects).REDIS_URL).toBe('redis://redis:6379');
  });

  it('generates the redis-auth Secret and serves on http://localhost:8080', () => {
    expect(ofKind(objects, 'Secret').some((secret) => secret.metadata.name.startsWith('redis-auth-'))).toBe(true);
    expect(apiEnv(objects).PUBLIC_BASE_URL).toBe('http://localhost:8080');
  });

  it('has no custom resources that need an operator kind does not have', () => {
    const builtIn = new Set(['v1', 'apps/v1', 'batch/v1', 'autoscaling/v2', 'policy/v1', 'networking.k8s.io/v1']);
    expect(objects.filter((object) => !builtIn.has(object.apiVersion)).map((object) => object.kind)).toEqual([]);
  });
});

describe('production overlay', () => {
  const objects = overlayObjects('production');

  it('lets the HPA alone set the api pods, from 3 to 10', () => {
    expect(replicas(objects, 'Deployment', 'api')).toBeUndefined();
    expect(hpaRange(objects)).toEqual([3, 10]);
  });

  // HTTP-01 would need a solver pod and a NodePort Service in the namespace, which the
  // quota (services.nodeports 0) and the default-deny NetworkPolicies refuse.
  it('issues the Ingress certificate through DNS-01 on Route 53, not HTTP-01', () => {
    const ingress = findObject(objects, 'Ingress', 'shortly');
    const issuerName = ingress?.metadata.annotations?.['cert-manager.io/cluster-issuer'];
    const issuer = findObject(objects, 'ClusterIssuer', issuerName ?? '');
    const solvers = (issuer?.spec as { acme?: { solvers?: Array<Record<string, unknown>> } } | undefined)?.acme
      ?.solvers;
    expect(solvers?.length).toBeGreaterThan(0);
    for (const solver of solvers ?? []) {
      expect(solver.http01).toBeUndefined();
      expect((solver.dns01 as { route53?: unknown } | undefined)?.route53).toBeDefined();
    }
    const quota = findObject(objects, 'ResourceQuota', 'shortly');
    expect((quota?.spec as { hard?: Record<string, string> } | undefined)?.hard?.['services.nodeports']).toBe('0');
  });

  it('pulls every image from the registry release.yml pushes to', () => {
    const images = ofKind(objects, 'Deployment')
      .concat(ofKind(objects, 'Job'))
      .flatMap((workload) => podSpecOf(workload)?.containers.map((container) => container.image) ?? []);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^ghcr\.io\/[a-z0-9-]+\/shortly-(api|web):/);
  });

  it('uses external Redis over TLS instead of the StatefulSet', () => {
    expect(ofKind(objects, 'StatefulSet')).toEqual([]);
    expect(objects.filter((object) => object.metadata.labels?.['app.kubernetes.io/name'] === 'redis')).toEqual([]);
    expect(apiEnv(objects).REDIS_URL).toMatch(/^rediss:\/\//);
  });

  it('gets the Redis auth token from an ExternalSecret named like the Secret the api reads', () => {
    const external = findObject(objects, 'ExternalSecret', 'redis-auth');
    expect(external?.apiVersion).toBe('external-secrets.io/v1');
    expect((external?.spec as { target?: { name?: string } } | undefined)?.target?.name).toBe('redis-auth');
  });

  it('adds the monitoring component: ServiceMonitor and PrometheusRule', () => {
    expect(findObject(objects, 'ServiceMonitor', 'api')).toBeDefined();
    const rule = findObject(objects, 'PrometheusRule', 'shortly');
    const text = JSON.stringify(rule?.spec);
    for (const metric of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'kube_pod_status_ready',
      'shortly_redis_errors_total',
    ]) {
      expect(text).toContain(metric);
    }
    expect(text).toContain('histogram_quantile(0.95');
  });
});
