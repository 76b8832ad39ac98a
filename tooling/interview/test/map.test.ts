import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMap } from '../src/map.ts';
import { run } from '../src/run.ts';
import { scanRepo } from '../src/scan.ts';
import { catalog, GOOD_TREE, lines, makeTree } from './helpers.ts';

/** The lines of the map from a question's heading up to the next heading. */
function sectionOf(map: string, id: string): string[] {
  const all = map.split('\n');
  const start = all.indexOf(`### ${id}`);
  expect(start, id).toBeGreaterThanOrEqual(0);
  const end = all.findIndex((line, index) => index > start && line.startsWith('#'));
  return all.slice(start, end < 0 ? undefined : end);
}

describe('the generated map', () => {
  const map = renderMap(catalog(), scanRepo(makeTree(GOOD_TREE)));

  it('links every annotation to its file and names its Q(id), relative to docs/interview/', () => {
    expect(sectionOf(map, 'docker-pin')).toEqual([
      '### docker-pin',
      '',
      'Why pin the base image?',
      '',
      'Artifact; sources: 000 Q1, 001 "Docker Basics".',
      '',
      '- [`apps/api/Dockerfile`](../../apps/api/Dockerfile) `Q(docker-pin)`: Why pin the Docker base image to an exact version?',
      '- [`apps/api/src/server.ts`](../../apps/api/src/server.ts) `Q(docker-pin)`: Which base image version does the container run?',
      '',
    ]);
    expect(map).toContain('- [`k8s/deployment.yaml`](../../k8s/deployment.yaml) `Q(k8s-probes)`: How are the startup');
    // An edit that only moves lines leaves the map unchanged.
    expect(map).not.toMatch(/#L\d+/);
  });

  it('links talk questions to the heading of their answer', () => {
    expect(sectionOf(map, 'behav-mentoring')).toContain(
      '- [`behavioural.md`: Mentoring the team](behavioural.md#mentoring-the-team)',
    );
  });

  it('groups questions by topic, in catalog order, with the note and the coverage', () => {
    const headings = map.split('\n').filter((line) => /^##+ /.test(line));
    expect(headings.slice(-7)).toEqual([
      '## Docker images',
      '### docker-pin',
      '### docker-multi-stage',
      '## Kubernetes workloads',
      '### k8s-probes',
      '## Behavioural questions',
      '### behav-mentoring',
    ]);
    expect(sectionOf(map, 'docker-multi-stage')).toContain('Note: answered by the Node.js equivalent.');
    expect(map).toContain('| `001_bbb.txt` | 2 | 2 | 100% |');
    expect(map).toContain('| All questions | 4 | 4 | 100% |');
  });

  it('says when a question is not answered yet', () => {
    const { 'k8s/deployment.yaml': _, ...withoutK8s } = GOOD_TREE;
    const partial = renderMap(catalog(), scanRepo(makeTree(withoutK8s)));
    expect(sectionOf(partial, 'k8s-probes')).toContain('- Not answered yet.');
    expect(partial).toContain('| `001_bbb.txt` | 1 | 2 | 50% |');
  });

  it('is the same bytes for the same tree', () => {
    expect(renderMap(catalog(), scanRepo(makeTree(GOOD_TREE)))).toBe(map);
  });
});

describe('the command line', () => {
  const cli = join(import.meta.dirname, '../src/cli.ts');
  const runCli = (root: string, ...args: string[]) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, [cli, '--root', root, ...args], { encoding: 'utf8' }) };
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      // Exit 1 with output is a failed check; anything else is the CLI breaking.
      if (!failed.stdout) throw new Error(`the CLI exited ${failed.status} without output: ${failed.stderr}`);
      return { code: failed.status, out: failed.stdout };
    }
  };

  it('--check fails while the map is missing or stale, --write fixes it, then --check passes', () => {
    const root = makeTree(GOOD_TREE);
    const before = runCli(root, '--check');
    expect(before.code).toBe(1);
    expect(before.out).toContain('docs/interview/README.md is out of date: run pnpm interview --write');

    const written = runCli(root, '--write');
    expect(written.code).toBe(0);
    expect(written.out).toContain('Wrote docs/interview/README.md.');
    expect(readFileSync(join(root, 'docs/interview/README.md'), 'utf8')).toBe(renderMap(catalog(), scanRepo(root)));

    const after = runCli(root);
    expect(after.code).toBe(0);
    expect(after.out).toContain('interview: OK');
    expect(after.out).toMatch(/000_aaa\.txt\s+2\/2\s+100%/);

    writeFileSync(join(root, 'k8s/more.yaml'), lines('# Q(k8s-probes): Which kubectl command shows the probes?'));
    expect(runCli(root).code).toBe(1);
  });

  it('lists every problem and exits 1, also after --write', () => {
    const root = makeTree({ ...GOOD_TREE, 'x.sh': lines('# Q(nope): What is this about Docker?') });
    const outcome = run(root, 'write');
    expect(outcome.exitCode).toBe(1);
    expect(outcome.output).toContain('Unknown question ids (1):\n  x.sh:1: Q(nope) is not a question id');
  });
});
