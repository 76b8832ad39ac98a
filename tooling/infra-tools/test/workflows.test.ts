import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runTool } from '../src/tool.ts';

const BROKEN = new URL('./fixtures/broken-workflow.yml', import.meta.url).pathname;

/** A scratch repository whose only workflow is the broken fixture. */
function brokenRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'broken-workflow-'));
  mkdirSync(join(root, '.github/workflows'), { recursive: true });
  copyFileSync(BROKEN, join(root, '.github/workflows/broken.yml'));
  return root;
}

// actionlint: syntax, expressions, job graph, and shellcheck over every `run:` script.
describe('actionlint', () => {
  it('finds nothing in .github/', () => {
    const { status, stdout, stderr } = runTool('actionlint', ['-no-color']);
    expect(`${stdout}${stderr}`).toBe('');
    expect(status).toBe(0);
  });

  it('finds a missing job, untrusted input in a script and an unquoted variable', () => {
    const { status, stdout } = runTool('actionlint', ['-no-color', '.github/workflows/broken.yml'], brokenRepository());
    expect(status).toBe(1);
    expect(stdout).toMatch(/job "build" needs job "no-such-job" which does not exist/);
    expect(stdout).toMatch(/"github\.event\.pull_request\.title" is potentially untrusted/);
    expect(stdout).toMatch(/SC2086/);
  });
});

// zizmor: the security audits (unpinned actions, over-broad permissions, credentials left
// in .git, template injection, dangerous triggers, Dependabot cooldown), offline.
describe('zizmor', () => {
  it('finds nothing in .github/ at its default persona', () => {
    const { status, stdout, stderr } = runTool('zizmor', ['--offline', '--format', 'json', '.github']);
    expect(JSON.parse(stdout), stderr).toEqual([]);
    expect(status).toBe(0);
  });

  it('finds the unpinned action, the dangerous trigger, persisted credentials and the injection', () => {
    const config = join(repoRoot, '.github/zizmor.yml');
    const { stdout } = runTool(
      'zizmor',
      ['--offline', '--config', config, '--format', 'json', '.github'],
      brokenRepository(),
    );
    const audits = new Set((JSON.parse(stdout) as { ident: string }[]).map((finding) => finding.ident));
    for (const audit of ['unpinned-uses', 'dangerous-triggers', 'artipacked', 'template-injection']) {
      expect(audits, audit).toContain(audit);
    }
  });
});
