import { describe, expect, it } from 'vitest';
import { runTool } from '../src/tool.ts';

// Every shell script the repository runs: the kind scripts users run, CI's, and the web
// image's entrypoint steps (POSIX sh, which shellcheck reads from their shebang).
describe('shellcheck', () => {
  it('finds nothing in any shell script of the repository', () => {
    const scripts = runTool('git', ['ls-files', '*.sh', '*.envsh', '.ci/run']).stdout.split('\n').filter(Boolean);
    expect(scripts.length).toBeGreaterThan(10);
    const { status, stdout } = runTool('shellcheck', ['--external-sources', '--format=gcc', ...scripts]);
    expect(stdout).toBe('');
    expect(status).toBe(0);
  });

  it('finds an unquoted variable (so a silent run cannot pass)', () => {
    const { status, stdout } = runTool('shellcheck', ['--format=gcc', '-'], undefined, '#!/bin/sh\nrm -rf $1\n');
    expect(status).toBe(1);
    expect(stdout).toMatch(/SC2086/);
  });
});
