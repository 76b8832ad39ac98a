import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kustomize, repoRoot } from '../src/tool.ts';

// The project's own rules, which no tool of the field has.

interface Container {
  name: string;
  image: string;
  envFrom?: unknown[];
  env?: unknown[];
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
}

interface K8sObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    scaleTargetRef?: { kind: string; name: string };
    egress?: unknown[];
    template?: {
      spec: { containers: Container[]; initContainers?: Container[]; terminationGracePeriodSeconds?: number };
    };
  };
}

const BUILDS = ['k8s/overlays/kind', 'k8s/overlays/production', 'k8s/traefik/kind', 'k8s/traefik/production'];
const build = (path: string) => parseAllDocuments(kustomize(path)).map((doc) => doc.toJS() as K8sObject);

/** A reference to an exact release: a version tag other than latest, or a digest. */
const pinned = (image: string) => /@sha256:[0-9a-f]{64}$/.test(image) || /:[^:/@]*\d[^:/@]*$/.test(image);

describe.each(BUILDS)('%s', (path) => {
  const objects = build(path);

  it('sets no replicas on a Deployment an HPA owns (an apply would undo the scaling)', () => {
    for (const hpa of objects.filter((object) => object.kind === 'HorizontalPodAutoscaler')) {
      const target = objects.find(
        (object) =>
          object.kind === hpa.spec?.scaleTargetRef?.kind && object.metadata.name === hpa.spec.scaleTargetRef.name,
      );
      expect(target, hpa.metadata.name).toBeDefined();
      expect(target?.spec?.replicas, `${hpa.metadata.name}'s target`).toBeUndefined();
    }
  });

  it('pins every container image to a release', () => {
    const images = objects.flatMap((object) => {
      const pod = object.spec?.template?.spec;
      return pod ? [...pod.containers, ...(pod.initContainers ?? [])].map((container) => container.image) : [];
    });
    expect(images.length).toBeGreaterThan(0);
    expect(images.filter((image) => !pinned(image))).toEqual([]);
  });
});

describe.each(['k8s/overlays/kind', 'k8s/overlays/production'])('%s, the api and its migration Job', (path) => {
  const objects = build(path);
  const find = (kind: string, name: string) =>
    objects.find((object) => object.kind === kind && object.metadata.name.startsWith(name)) as K8sObject;
  const api = find('Deployment', 'api');
  const apiContainer = api.spec?.template?.spec.containers[0] as Container;

  it('gives a stopping api pod time for preStop, the drain delay and the drain before SIGKILL', () => {
    const config = find('ConfigMap', 'api-config').data ?? {};
    const preStopSeconds = Number(apiContainer.lifecycle?.preStop?.exec?.command.at(-1) ?? 0);
    const budget = preStopSeconds + (Number(config.SHUTDOWN_DELAY_MS) + Number(config.SHUTDOWN_TIMEOUT_MS)) / 1000;
    expect(preStopSeconds).toBeGreaterThan(0);
    expect(api.spec?.template?.spec.terminationGracePeriodSeconds).toBeGreaterThan(budget);
  });

  it("runs the migration with the api's image, configuration and Secret, and its network access", () => {
    const job = find('Job', 'api-migrate');
    const migrate = job.spec?.template?.spec.containers[0] as Container;
    expect(migrate.image).toBe(apiContainer.image);
    expect(migrate.envFrom).toEqual(apiContainer.envFrom);
    expect(migrate.env).toEqual(apiContainer.env);
    expect(find('NetworkPolicy', 'api-migrate').spec?.egress).toEqual(find('NetworkPolicy', 'api').spec?.egress);
  });
});

describe('images outside Kubernetes', () => {
  it('pins every image of compose.yaml to a release', () => {
    const compose = readFileSync(join(repoRoot, 'compose.yaml'), 'utf8');
    const images = [...compose.matchAll(/^\s+image: (\S+)$/gm)].map((match) => match[1] ?? '');
    expect(images.length).toBeGreaterThan(3);
    // ${SHORTLY_VERSION:-0.1.0}: the default is what runs without a .env.
    const resolved = images.map((image) => image.replace(/\$\{[A-Z_]+:-([^}]+)\}/g, '$1'));
    expect(resolved.filter((image) => !pinned(image))).toEqual([]);
  });

  it('pins every FROM of the Dockerfiles to a release', () => {
    for (const dockerfile of ['apps/api/Dockerfile', 'apps/web/Dockerfile']) {
      const text = readFileSync(join(repoRoot, dockerfile), 'utf8');
      const stages = new Set([...text.matchAll(/^FROM .* AS (\S+)$/gm)].map((match) => match[1]));
      const bases = [...text.matchAll(/^FROM (\S+)/gm)]
        .map((match) => match[1] ?? '')
        .filter((base) => !stages.has(base));
      expect(bases.length, dockerfile).toBeGreaterThan(0);
      expect(
        bases.filter((base) => !pinned(base)),
        dockerfile,
      ).toEqual([]);
    }
  });

  it('tells an unpinned image from a pinned one', () => {
    expect(['redis', 'redis:latest', 'nginx:stable'].filter(pinned)).toEqual([]);
    expect(['redis:7.4.6-bookworm', 'ghcr.io/o/a:0.1.0', `a@sha256:${'0'.repeat(64)}`].every(pinned)).toBe(true);
  });
});
