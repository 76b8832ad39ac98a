import { describe, expect, it } from 'vitest';
import { runTool } from '../src/tool.ts';

interface CheckovCheck {
  check_id: string;
  resource: string;
  file_path: string;
  file_line_range: [number, number];
  check_result: { suppress_comment?: string };
}

interface CheckovReport {
  summary: { passed: number; failed: number; skipped: number };
  results: { failed_checks: CheckovCheck[]; skipped_checks: CheckovCheck[] };
}

const where = (check: CheckovCheck) =>
  `${check.check_id} ${check.resource} (${check.file_path}:${check.file_line_range[0]})`;

/** checkov offline (--skip-download: only the policies shipped in the package), as JSON. */
function checkov(target: string[]) {
  const { status, stdout, stderr } = runTool('checkov', [
    ...target,
    '--skip-download',
    '--compact',
    '--output',
    'json',
  ]);
  const reports = JSON.parse(stdout || '[]') as CheckovReport | CheckovReport[];
  return { status, stderr, report: (Array.isArray(reports) ? reports[0] : reports) as CheckovReport };
}

// The same gate as terraform.yml's checkov job: every root and module under terraform/.
describe('checkov over terraform/', () => {
  const { status, stderr, report } = checkov(['--directory', 'terraform', '--framework', 'terraform']);

  it('fails no policy', () => {
    expect(report.results.failed_checks.map(where), stderr).toEqual([]);
    expect(status).toBe(0);
    expect(report.summary.passed).toBeGreaterThan(100);
  });

  it('gives a reason next to every skipped policy', () => {
    const unexplained = report.results.skipped_checks.filter(
      (check) => !check.check_result.suppress_comment || check.check_result.suppress_comment === 'No comment provided',
    );
    expect(unexplained.map(where)).toEqual([]);
    expect(report.summary.skipped).toBeGreaterThan(0);
  });
});

// The Dockerfiles, with checkov's Dockerfile policies (trivy.test.ts runs Trivy's; hadolint
// is a Haskell program that no registry this machine reaches serves).
describe('checkov over the Dockerfiles', () => {
  const { status, stderr, report } = checkov([
    '--framework',
    'dockerfile',
    '--file',
    'apps/api/Dockerfile',
    '--file',
    'apps/web/Dockerfile',
  ]);

  it('fails no policy, skips none', () => {
    expect(report.results.failed_checks.map(where), stderr).toEqual([]);
    expect(report.summary.skipped).toBe(0);
    expect(report.summary.passed).toBeGreaterThan(50);
    expect(status).toBe(0);
  });
});
