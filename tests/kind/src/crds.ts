import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The CRDs the production manifests use, from the Go modules of the projects that own them
 * (pinned here), so that the API server validates those objects against their real schemas.
 * The platform installs the operators themselves; only their CRDs are needed to validate.
 */
const CRD_SOURCES = [
  {
    module: 'github.com/cert-manager/cert-manager',
    version: 'v1.21.2',
    files: ['deploy/crds/cert-manager.io_clusterissuers.yaml'],
  },
  {
    module: 'github.com/external-secrets/external-secrets',
    version: 'v1.3.2',
    files: ['config/crds/bases/external-secrets.io_externalsecrets.yaml'],
  },
  {
    module: 'github.com/prometheus-operator/prometheus-operator',
    version: 'v0.85.0',
    files: [
      'example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml',
      'example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml',
    ],
  },
  // Argo CD's module needs Go 1.27, which `go` fetches as a toolchain module.
  {
    module: 'github.com/argoproj/argo-cd/v3',
    version: 'v3.6.2',
    files: ['manifests/crds/application-crd.yaml'],
    env: { GOTOOLCHAIN: 'go1.27.3' },
  },
];

/** Paths of the CRD files, downloading each module once into Go's module cache. */
export async function crdFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const source of CRD_SOURCES) {
    const { stdout } = await run('go', ['mod', 'download', '-json', `${source.module}@${source.version}`], {
      env: { ...process.env, ...source.env },
      maxBuffer: 4 * 1024 * 1024,
    });
    const { Dir } = JSON.parse(stdout) as { Dir: string };
    files.push(...source.files.map((file) => join(Dir, file)));
  }
  return files;
}
