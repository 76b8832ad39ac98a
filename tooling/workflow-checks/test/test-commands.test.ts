// Which packages `pnpm test` runs, as pnpm itself resolves the root script's filters, and
// that ci.yml's test job runs that same command: the browser and Compose suites need the
// images and run in jobs of their own.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../src/paths.ts';

const rootScripts = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** The packages a root script's `pnpm -r --filter ...` selects, listed by pnpm. */
function selectedBy(script: string): string[] {
  const filters = [...script.matchAll(/--filter '([^']+)'/g)].flatMap((match) => ['--filter', match[1] ?? '']);
  const listed = execFileSync('pnpm', ['-r', ...filters, 'list', '--depth', '-1', '--json'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return (JSON.parse(listed) as Array<{ name: string; path: string }>).map(
    (entry) => `${entry.name} ${entry.path.slice(repoRoot.length + 1)}`,
  );
}

it('pnpm test runs the apps, packages and bench, and no suite that needs images or infrastructure tools', () => {
  const selected = selectedBy(rootScripts.test ?? '');
  expect(selected).toContain('@shortly/api apps/api');
  expect(selected.filter((entry) => /\s(tests|tooling)\//.test(entry))).toEqual([]);
});

it('pnpm test:infra runs every package under tooling/', () => {
  const selected = selectedBy(rootScripts['test:infra'] ?? '');
  expect(selected.length).toBeGreaterThanOrEqual(4);
  expect(selected.every((entry) => / tooling\//.test(entry))).toBe(true);
});

it("ci.yml's test job runs the README's `pnpm test`", () => {
  const workflow = parse(readFileSync(join(repoRoot, '.github/workflows/ci.yml'), 'utf8')) as {
    jobs: Record<string, { steps: Array<{ run?: string }> }>;
  };
  const commands = (job: string) => workflow.jobs[job]?.steps.flatMap((step) => (step.run ? [step.run.trim()] : []));
  expect(commands('test')).toEqual(['pnpm test']);
  expect(commands('infra')).toContain('pnpm test:infra');
});
