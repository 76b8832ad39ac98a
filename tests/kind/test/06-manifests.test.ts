import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlResult, ROOT } from '../src/cluster.ts';
import { crdFiles } from '../src/crds.ts';

// Every build of k8s/ validated by this cluster's API server, with the CRDs of the
// operators production uses: schemas, defaults and admission (Pod Security `restricted`
// warns about any pod template that would be refused), without creating anything.
describe('every Kustomize build, by the real API server (server-side dry run)', () => {
  beforeAll(async () => {
    for (const file of await crdFiles()) {
      await kubectl(['apply', '--server-side', '-f', file]);
      // A CRD just created may not have a status yet, which `kubectl wait` treats as an error.
      for (let attempt = 0; ; attempt++) {
        const established = await kubectlResult(['wait', '--for=condition=Established', '--timeout=5s', '-f', file]);
        if (established.ok) break;
        if (attempt === 20) throw new Error(`CRD in ${file} not established: ${established.output}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    // The Application lives in Argo CD's namespace, which the platform creates.
    await kubectlResult(['create', 'namespace', 'argocd']);
  });

  // A build is checked in a namespace of its own (kustomize renames the Namespace object
  // too), created for real with the build's labels: a dry run of a namespaced object needs
  // its namespace to exist, and the live kind objects must not be compared against.
  async function renderInOwnNamespace(path: string, namespace: string): Promise<string> {
    const folder = mkdtempSync(join(tmpdir(), 'shortly-dry-run-'));
    writeFileSync(
      join(folder, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${namespace}\nresources:\n  - ${relative(folder, join(ROOT, path))}\n`,
    );
    const rendered = await kubectl(['kustomize', folder]);
    const namespaces = rendered.split(/^---$/m).filter((doc) => /^kind: Namespace$/m.test(doc));
    await kubectl(['apply', '-f', '-'], namespaces.join('---\n'));
    return rendered;
  }

  it.each([
    ['k8s/overlays/kind', 'shortly'],
    ['k8s/overlays/production', 'shortly-production-dry-run'],
    ['k8s/traefik/kind', 'traefik'],
    ['k8s/traefik/production', 'traefik-production-dry-run'],
  ])('%s is accepted, with no warning', async (path, namespace) => {
    const rendered =
      namespace === 'shortly' || namespace === 'traefik'
        ? await kubectl(['kustomize', join(ROOT, path)])
        : await renderInOwnNamespace(path, namespace);
    const result = await kubectlResult(['apply', '--dry-run=server', '-f', '-'], rendered);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/\(server dry run\)/);
    expect(result.output).not.toMatch(/^Warning:/m);
  });

  it('k8s/argocd is accepted, with no warning', async () => {
    const application = readFileSync(join(ROOT, 'k8s/argocd/application.yaml'), 'utf8');
    const result = await kubectlResult(['apply', '--dry-run=server', '-f', '-'], application);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).not.toMatch(/^Warning:/m);
  });
});
