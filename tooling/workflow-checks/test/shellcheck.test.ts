import { describe, expect, it } from 'vitest';
import { bashSteps, shellcheckProblems, shellcheckVersion } from '../src/shellcheck.ts';
import { allSteps } from './helpers.ts';

const scripts = bashSteps(allSteps).map(({ label, step }) => ({ label, script: step.run ?? '' }));

describe('run scripts of the workflows and local actions', () => {
  it('are found', () => {
    expect(scripts.length).toBeGreaterThan(10);
  });

  it.each(scripts)('$label is shellcheck-clean', ({ label, script }) => {
    if (!shellcheckVersion()) {
      throw new Error(
        'shellcheck is not installed, so the run scripts cannot be checked. Install it: ' +
          '`apt-get install shellcheck` (Debian/Ubuntu) or `brew install shellcheck` (macOS)',
      );
    }
    expect(shellcheckProblems(label, script)).toEqual([]);
  });
});
