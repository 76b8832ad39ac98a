import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kustomize, repoRoot, runTool } from '../src/tool.ts';

interface Misconfiguration {
  ID: string;
  Title: string;
  Status: string;
  CauseMetadata: { StartLine?: number };
}

interface TrivyReport {
  Results?: Array<{ Target: string; MisconfSummary?: { Successes: number }; Misconfigurations?: Misconfiguration[] }>;
}

const IGNORE_FILE = join(repoRoot, 'tooling/infra-tools/trivy-ignore.yaml');

/**
 * `trivy config` offline: the checks embedded in the binary (--skip-check-update), the
 * reviewed ignore file, every severity. Returns each finding as "ID target:line title".
 */
function trivyConfig(target: string, ignoreFile = IGNORE_FILE) {
  const cache = mkdtempSync(join(tmpdir(), 'shortly-trivy-'));
  const { status, stdout, stderr } = runTool('trivy', [
    'config',
    '--skip-check-update',
    '--quiet',
    '--cache-dir',
    cache,
    '--ignorefile',
    ignoreFile,
    '--exit-code',
    '1',
    '--format',
    'json',
    target,
  ]);
  const report = JSON.parse(stdout || '{}') as TrivyReport;
  const findings = (report.Results ?? []).flatMap(({ Target, Misconfigurations = [] }) =>
    Misconfigurations.filter((finding) => finding.Status === 'FAIL').map(
      (finding) => `${finding.ID} ${Target}:${finding.CauseMetadata.StartLine ?? '-'} ${finding.Title}`,
    ),
  );
  const passed = (report.Results ?? []).reduce((sum, result) => sum + (result.MisconfSummary?.Successes ?? 0), 0);
  return { status, stderr, findings, files: (report.Results ?? []).length, passed };
}

describe('trivy config over terraform/', () => {
  it('finds nothing that is not reviewed in trivy-ignore.yaml', () => {
    const { status, stderr, findings, passed } = trivyConfig(join(repoRoot, 'terraform'));
    expect(findings, stderr).toEqual([]);
    expect(status).toBe(0);
    expect(passed).toBeGreaterThan(100);
  });
});

describe('trivy config over the Kubernetes builds', () => {
  it('finds nothing that is not reviewed in trivy-ignore.yaml', () => {
    // The rendered builds, as kube-score and the API server see them, under the names
    // trivy-ignore.yaml refers to.
    const builds = mkdtempSync(join(tmpdir(), 'shortly-k8s-builds-'));
    for (const path of ['overlays/kind', 'overlays/production', 'traefik/kind', 'traefik/production']) {
      writeFileSync(join(builds, `${path.replace('/', '-')}.yaml`), kustomize(`k8s/${path}`));
    }
    const { status, stderr, findings, files, passed } = trivyConfig(builds);
    expect(findings, stderr).toEqual([]);
    expect(status).toBe(0);
    expect(files).toBe(4);
    expect(passed).toBeGreaterThan(100);
  });
});

describe('trivy config over the Dockerfiles', () => {
  it('finds nothing, with no exception at all', () => {
    const { status, stderr, findings, files, passed } = trivyConfig(join(repoRoot, 'apps'), '/dev/null');
    expect(findings, stderr).toEqual([]);
    expect(status).toBe(0);
    expect(files).toBe(2);
    expect(passed).toBeGreaterThan(20);
  });

  it('finds a root user and an unpinned base in a broken Dockerfile (so a silent run cannot pass)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'shortly-broken-dockerfile-'));
    writeFileSync(join(folder, 'Dockerfile'), 'FROM node:latest\nRUN npm install -g pnpm\nCMD ["node"]\n');
    const { status, findings } = trivyConfig(folder);
    expect(findings.map((finding) => finding.split(' ')[0])).toEqual(expect.arrayContaining(['DS-0001', 'DS-0002']));
    expect(status).toBe(1);
  });
});

describe('trivy-ignore.yaml', () => {
  it('gives a reason for every accepted finding', () => {
    const { misconfigurations } = parse(readFileSync(IGNORE_FILE, 'utf8')) as {
      misconfigurations: Array<{ id: string; statement?: string }>;
    };
    expect(misconfigurations.length).toBeGreaterThan(0);
    expect(misconfigurations.filter((entry) => !entry.statement?.trim()).map((entry) => entry.id)).toEqual([]);
  });
});
