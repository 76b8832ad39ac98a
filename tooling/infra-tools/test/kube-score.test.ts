import { describe, expect, it } from 'vitest';
import { kustomize, runTool } from '../src/tool.ts';

// The builds production runs (the app and the gateway), scored by kube-score. Per-object
// exceptions live on the objects (`kube-score/ignore` with the reason beside it); these
// are the reviewed exceptions for everything:
const IGNORED = [
  // Images are pinned to immutable versions (and to digests by a release), so IfNotPresent
  // is safe, and it lets kind use the images `kind load` put on the node.
  'container-image-pull-policy',
  // The uids are the images' own users (node 1000, nginx 101, redis 999): non-root, and
  // Pod Security `restricted` holds; a uid above 10000 would fight the images' file owners.
  'container-security-context-user-group-id',
  // Pods are spread over nodes and zones by topologySpreadConstraints, which this check
  // does not read.
  'deployment-has-host-podantiaffinity',
];

function score(builds: string[]) {
  const rendered = builds.map((build) => kustomize(build)).join('\n---\n');
  const args = ['score', '-', '--output-format', 'ci', ...IGNORED.flatMap((test) => ['--ignore-test', test])];
  const result = runTool('kube-score', args, undefined, rendered);
  return result.stdout.split('\n').filter((line) => /^\[(WARNING|CRITICAL)\]/.test(line));
}

describe('kube-score', () => {
  it('finds nothing in the production builds of the app and the gateway', () => {
    expect(score(['k8s/overlays/production', 'k8s/traefik/production'])).toEqual([]);
  });

  it('finds what it exists for in a broken Deployment (so a silent run cannot pass)', () => {
    const broken = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: broken }',
      'spec:',
      '  selector: { matchLabels: { app: broken } }',
      '  template:',
      '    metadata: { labels: { app: broken } }',
      '    spec: { containers: [{ name: app, image: "app:latest" }] }',
    ].join('\n');
    const result = runTool('kube-score', ['score', '-', '--output-format', 'ci'], undefined, broken);
    expect(result.stdout).toMatch(/\[CRITICAL\].*Image with latest tag/);
    expect(result.stdout).toMatch(/\[CRITICAL\].*CPU limit is not set/);
    expect(result.status).not.toBe(0);
  });
});
