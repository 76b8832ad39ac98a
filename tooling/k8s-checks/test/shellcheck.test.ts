import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, repoRoot } from '../src/paths.ts';

const scripts = filesUnder(join(repoRoot, 'scripts')).filter((file) => /^scripts\/kind-[^/]*\.sh$/.test(file));

function shellcheckVersion(): string | undefined {
  const result = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
  return result.error ? undefined : result.stdout;
}

describe('kind scripts', () => {
  it('exist: kind-up.sh and kind-down.sh', () => {
    expect(scripts).toEqual(expect.arrayContaining(['scripts/kind-up.sh', 'scripts/kind-down.sh']));
  });

  it.each(scripts)('%s is shellcheck-clean', (script) => {
    if (!shellcheckVersion()) {
      throw new Error(
        'shellcheck is not installed, so the kind scripts cannot be checked. Install it: ' +
          '`apt-get install shellcheck` (Debian/Ubuntu), `brew install shellcheck` (macOS), ' +
          'or see https://github.com/koalaman/shellcheck#installing',
      );
    }
    // -x follows `source scripts/kind-lib.sh`, resolved from the repo root.
    const result = spawnSync('shellcheck', ['-x', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(scripts)('%s parses with bash -n', (script) => {
    expect(() => execFileSync('bash', ['-n', script], { cwd: repoRoot, stdio: 'pipe' })).not.toThrow();
  });
});
