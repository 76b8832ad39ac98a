// The one-off data migration (k8s/base/migrate/job.yaml): it may start only when the deploy
// says so (after the api rollout), must never receive the api's traffic, must run exactly
// the image and settings the api runs, and must be able to reach Redis and nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { describe, expect, it } from 'vitest';
import { findObject, type K8sObject, podSpecOf } from '../src/objects.ts';
import { repoRoot } from '../src/paths.ts';
import { admitsPods, reachesPods, selectedBy, templateLabels } from '../src/rules.ts';
import { overlayObjects, overlays } from './helpers.ts';

const JOB = 'api-migrate';

function get(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const object = findObject(objects, kind, name);
  if (!object) throw new Error(`${kind}/${name} is missing from the build`);
  return object;
}

function firstContainer(workload: K8sObject): { pod: IPodSpec; container: IContainer } {
  const pod = podSpecOf(workload) as IPodSpec;
  return { pod, container: pod.containers[0] as IContainer };
}

describe.each(overlays)('%s: the api-migrate Job', (overlay) => {
  const objects = overlayObjects(overlay);
  const job = get(objects, 'Job', JOB);
  const { pod: jobPod, container: migrate } = firstContainer(job);
  const { pod: apiPod, container: api } = firstContainer(get(objects, 'Deployment', 'api'));

  it('is applied suspended, so `kubectl apply -k` never starts it before the rollout', () => {
    expect((job.spec as { suspend?: boolean }).suspend).toBe(true);
  });

  it('runs one pod at a time, to a single completion', () => {
    const spec = job.spec as { completions?: number; parallelism?: number };
    expect(spec.completions ?? 1).toBe(1);
    expect(spec.parallelism ?? 1).toBe(1);
    expect(jobPod.containers).toHaveLength(1);
  });

  it('carries pod labels that no Service, PodDisruptionBudget or other NetworkPolicy selects', () => {
    expect(templateLabels(job)['app.kubernetes.io/name']).toBe(JOB);
    expect(selectedBy(job, objects)).toEqual([`NetworkPolicy/${JOB}`]);
  });

  it("runs the api Deployment's image with the same config, secret and hardening (they cannot drift)", () => {
    expect(migrate.image).toBe(api.image);
    expect(migrate.imagePullPolicy).toBe(api.imagePullPolicy);
    expect(migrate.envFrom).toEqual(api.envFrom);
    expect(migrate.env).toEqual(api.env);
    expect(migrate.securityContext).toEqual(api.securityContext);
    expect(jobPod.securityContext).toEqual(apiPod.securityContext);
    expect(jobPod.automountServiceAccountToken).toBe(false);
    expect(jobPod.enableServiceLinks).toBe(false);
  });

  it('runs node dist/migrate.js under the image entrypoint (args, not command, so tini stays PID 1)', () => {
    expect(migrate.command).toBeUndefined();
    expect(migrate.args).toEqual(['node', 'dist/migrate.js']);
  });

  it('accepts no connections and may connect exactly where the api may (Redis, or ElastiCache in production)', () => {
    const own = get(objects, 'NetworkPolicy', JOB);
    const apiPolicy = get(objects, 'NetworkPolicy', 'api');
    const spec = own.spec as { policyTypes?: string[]; ingress?: unknown[]; egress?: unknown[] };
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(spec.ingress ?? []).toEqual([]);
    expect(reachesPods(own, { 'app.kubernetes.io/name': 'redis' })).toBe(true);
    expect(spec.egress).toEqual((apiPolicy.spec as { egress?: unknown[] }).egress);
  });
});

// Production has no in-cluster Redis (ElastiCache; the egress check above covers it).
const withRedis = overlays.filter((overlay) => findObject(overlayObjects(overlay), 'StatefulSet', 'redis'));

it.each(withRedis)('%s: the in-cluster Redis NetworkPolicy admits the api-migrate pods', (overlay) => {
  const objects = overlayObjects(overlay);
  const redis = get(objects, 'StatefulSet', 'redis');
  const policies = selectedBy(redis, objects).filter((key) => key.startsWith('NetworkPolicy/'));
  expect(policies).toEqual(['NetworkPolicy/redis']);
  expect(admitsPods(get(objects, 'NetworkPolicy', 'redis'), templateLabels(get(objects, 'Job', JOB)))).toBe(true);
});

describe('scripts/kind-up.sh runs the Job once per deploy, after the api rollout', () => {
  const text = readFileSync(join(repoRoot, 'scripts/kind-up.sh'), 'utf8');
  // Commands only: comments may mention anything in any order.
  const lines = text.split('\n').filter((line) => !line.trim().startsWith('#'));
  const lineOf = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
  const deadline = (get(overlayObjects('kind'), 'Job', JOB).spec as { activeDeadlineSeconds?: number })
    .activeDeadlineSeconds;

  it('names the Job the manifests define', () => {
    expect(text).toMatch(new RegExp(`^MIGRATE_JOB=${JOB}$`, 'm'));
  });

  it('deletes the previous Job (ignoring a missing one) before kubectl apply -k', () => {
    const remove = lineOf(/\bdelete job "\$MIGRATE_JOB"/);
    const apply = lineOf(/\bapply -k\b/);
    expect(remove).toBeGreaterThanOrEqual(0);
    expect(lines[remove]).toContain('--ignore-not-found');
    expect(apply).toBeGreaterThan(remove);
  });

  it('unsuspends it once, only after `rollout status` of the api and its old pods are gone, then waits for it', () => {
    const rollout = lineOf(/rollout status deployment\/api\b/);
    // rollout status returns while old pods may still drain (and write); they must be gone.
    const drained = lineOf(/^wait_for_pods_gone api$/);
    const unsuspend = lineOf(/patch job "\$MIGRATE_JOB".*"suspend":\s*false/);
    const wait = lineOf(/^wait_for_job "\$MIGRATE_JOB"/);
    expect(rollout).toBeGreaterThanOrEqual(0);
    expect(drained).toBeGreaterThan(rollout);
    expect(unsuspend).toBeGreaterThan(drained);
    expect(wait).toBeGreaterThan(unsuspend);
    expect(lines.filter((line) => /"suspend":\s*false/.test(line))).toHaveLength(1);
  });

  it("waits longer than the Job's activeDeadlineSeconds, so the Job fails with its own reason first", () => {
    const timeout = Number(/^MIGRATE_TIMEOUT_SECONDS=(\d+)$/m.exec(text)?.[1]);
    expect(deadline).toBeGreaterThan(0);
    expect(timeout).toBeGreaterThan(deadline as number);
  });

  it("prints the Job's logs when a step fails", () => {
    expect(text).toMatch(/for app in [^;]*\bapi-migrate\b/);
  });
});
