import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLink, ROOT, script } from '../src/cluster.ts';
import { describePhases, type Phase, share, steadyLoad } from '../src/load.ts';

const run = promisify(execFile);
const NEXT = '0.1.1';
const NEXT_IMAGE = `shortly-api:${NEXT}`;
const CURRENT_IMAGE = 'shortly-api:0.1.0';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The releases users rehearse with pnpm kind:canary / kind:blue-green / kind:promote /
// kind:rollback, run as they run them, while redirects flow through the Gateway. The split
// is read from the responses' X-Shortly-Version, and no request may fail.
describe('canary, rollback, promote and blue-green under load', () => {
  let load: ReturnType<typeof steadyLoad>;
  let phases: Phase[] = [];
  const byName = (name: string) => phases.find((phase) => phase.name === name) as Phase;

  beforeAll(async () => {
    // The next release: the same code under another version (the image's VERSION build argument).
    await run(
      'docker',
      ['build', '-q', '--build-arg', `VERSION=${NEXT}`, '-f', 'apps/api/Dockerfile', '-t', NEXT_IMAGE, '.'],
      {
        cwd: ROOT,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const target = `https://example.com/releases/${Date.now()}`;
    load = steadyLoad(await createLink(target), target);
    // A route change reaches Traefik within a moment: give it two seconds, then measure.
    const measure = async (name: string) => {
      load.phase(`settling before: ${name}`);
      await sleep(2000);
      load.phase(name);
      await sleep(8000);
    };

    load.phase('canary steps');
    await script('kind-release.sh', ['canary', NEXT_IMAGE], { CANARY_STEPS: '10 50', STEP_SECONDS: '10' });
    await measure('canary at 50%');
    load.phase('rollback');
    await script('kind-release.sh', ['rollback']);
    await measure('after rollback');
    load.phase('canary again, then promote');
    await script('kind-release.sh', ['canary', NEXT_IMAGE], { CANARY_STEPS: '25', STEP_SECONDS: '5' });
    await script('kind-release.sh', ['promote']);
    await measure('after promote');
    load.phase('blue-green switch');
    await script('kind-release.sh', ['blue-green', CURRENT_IMAGE]);
    await measure('after switch');
    load.phase('switch back');
    await script('kind-release.sh', ['rollback']);
    await measure('after switch back');
    phases = await load.stop();
    process.stdout.write(`\nReleases under load:\n${describePhases(phases)}\n`);
  });

  it('a canary at 50% answers with both versions, about half each', () => {
    const half = share(byName('canary at 50%'), NEXT);
    expect(half).toBeGreaterThan(0.25);
    expect(half).toBeLessThan(0.75);
  });

  it('a rollback sends every request back to the current version', () => {
    expect(share(byName('after rollback'), '0.1.0')).toBe(1);
  });

  it('a promotion leaves only the new version', () => {
    expect(share(byName('after promote'), NEXT)).toBe(1);
  });

  it('blue-green moves all traffic at once, and back', () => {
    expect(share(byName('after switch'), '0.1.0')).toBe(1);
    expect(share(byName('after switch back'), NEXT)).toBe(1);
  });

  it('fails no request through all of it', () => {
    expect(phases.reduce((sum, phase) => sum + phase.sent, 0)).toBeGreaterThan(100);
    expect(phases.flatMap((phase) => phase.failures)).toEqual([]);
  });
});
