import { describe, expect, it } from 'vitest';
import { zipfSampler } from '../src/zipf.ts';

/** A repeatable uniform source (mulberry32), so the test draws the same ranks every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('zipfSampler', () => {
  const n = 1000;
  const draws = 200_000;
  const harmonic = Array.from({ length: n }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0);
  const sample = zipfSampler(n, 1, seeded(42));
  const counts = new Map<number, number>();
  for (let i = 0; i < draws; i++) {
    const rank = sample();
    counts.set(rank, (counts.get(rank) ?? 0) + 1);
  }
  const share = (rank: number) => (counts.get(rank) ?? 0) / draws;

  it('draws only ranks 1..n', () => {
    expect(Math.min(...counts.keys())).toBe(1);
    expect(Math.max(...counts.keys())).toBeLessThanOrEqual(n);
  });

  it('gives rank k a share of 1/(k * H_n), within sampling noise', () => {
    for (const rank of [1, 2, 10]) expect(share(rank)).toBeCloseTo(1 / (rank * harmonic), 2);
  });

  it('puts most draws on a few ranks: the top 10 % of 1,000 take about 70 %', () => {
    let top = 0;
    for (let rank = 1; rank <= n / 10; rank++) top += share(rank);
    expect(top).toBeGreaterThan(0.65);
    expect(top).toBeLessThan(0.75);
  });
});
