import { describe, expect, it } from 'vitest';
import { inspect, repoRoot } from '../src/run.ts';
import { MAP_PATH } from '../src/scan.ts';

/** Where two texts first differ, for a short failure message. */
function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const b = expected.split('\n');
  const line = a.findIndex((content, index) => content !== b[index]);
  const at = line < 0 ? a.length : line;
  return `line ${at + 1}: on disk ${JSON.stringify(a[at] ?? '(end of file)')}, expected ${JSON.stringify(b[at] ?? '(end of file)')}`;
}

// The one test on the real repository. It does not require every question to be answered
// (other work is still adding annotations); it only requires the committed map to be what
// the checker generates from the repository as it is now.
describe(`${MAP_PATH} in this repository`, () => {
  it('is up to date (run pnpm interview --write after adding or moving annotations)', () => {
    const { map, mapOnDisk } = inspect(repoRoot);
    expect(mapOnDisk, `${MAP_PATH} is missing: run pnpm interview --write`).not.toBeNull();
    const stale = `${MAP_PATH} is out of date (${firstDifference(mapOnDisk ?? '', map)}): run pnpm interview --write`;
    expect(mapOnDisk === map, stale).toBe(true);
  });

  it('links every talk question to its answer', () => {
    const { map, catalog } = inspect(repoRoot);
    for (const question of catalog.questions.filter((entry) => entry.kind === 'talk')) {
      const section = map.slice(map.indexOf(`### ${question.id}\n`)).split('\n### ')[0] ?? '';
      expect(section, question.id).toMatch(/\]\([a-z-]+\.md#[a-z0-9-]+\)/);
    }
  });
});
