import type { Result } from 'autocannon';
import { describe, expect, it } from 'vitest';
import { type BenchReport, evaluateGoals, figuresOf, type ScenarioFigures, toMarkdown } from '../src/report.ts';

function result(rps: number, p99: number, statusCodeStats: Record<string, { count: number }>, seconds = 10): Result {
  return {
    duration: seconds,
    requests: { average: rps, total: rps * seconds },
    latency: { p50: 1, p97_5: p99 - 1, p99 },
    errors: 0,
    timeouts: 0,
    statusCodeStats,
  } as unknown as Result;
}

const scenario = (name: string, target: ScenarioFigures['target'], rps: number, p99 = 4): ScenarioFigures =>
  figuresOf(name, target, [result(rps, p99, { '302': { count: rps } })]);

function report(scenarios: ScenarioFigures[], rss = 120, ready = 400): BenchReport {
  return {
    date: '2026-11-21T00:00:00.000Z',
    machine: { cpu: 'Test CPU', cores: 2, node: 'v24.0.0' },
    settings: {
      connections: 50,
      durationSeconds: 10,
      rounds: 5,
      links: 10_000,
      apiNodeOptions: '--max-old-space-size=96',
      apiNodeFlags: ['--no-allocation-site-pretenuring'],
    },
    apiReadyMs: ready,
    apiPeakRssMb: rss,
    scenarios,
  };
}

describe('figuresOf', () => {
  it('counts redirects as success and anything outside 2xx/3xx as unexpected', () => {
    const figures = figuresOf('redirect', 'api', [
      result(1000, 4, { '302': { count: 990 }, '503': { count: 7 }, '404': { count: 3 } }),
    ]);
    expect(figures).toMatchObject({ requestsPerSecond: 1000, unexpectedStatus: 10, errors: 0, rounds: 1 });
    expect(figures.latencyMs).toEqual({ p50: 1, p97_5: 3, p99: 4 });
  });

  it('combines rounds: requests/s over all of them, each percentile the median round', () => {
    const figures = figuresOf('redirect', 'api', [
      result(1000, 4, { '302': { count: 2000 } }, 2),
      result(3000, 9, { '302': { count: 5990 }, '503': { count: 10 } }, 2),
      result(2000, 5, { '302': { count: 4000 } }, 2),
      { ...result(1500, 30, { '302': { count: 2990 } }, 2), errors: 4, timeouts: 6 },
    ]);
    expect(figures).toMatchObject({ requestsPerSecond: 1875, requests: 15_000, errors: 10, unexpectedStatus: 10 });
    expect(figures.rounds).toBe(4);
    // p99s 4, 9, 5, 30: the median of four is the mean of the middle two.
    expect(figures.latencyMs).toEqual({ p50: 1, p97_5: 6, p99: 7 });
  });
});

describe('evaluateGoals', () => {
  it('reads every goal off one run', () => {
    const goals = evaluateGoals(
      report([
        scenario('redirect', 'baseline', 10_000),
        scenario('redirect', 'api', 7500),
        scenario('create', 'api', 4000),
      ]),
    );
    expect(goals.map((goal) => [goal.goal, goal.measured, goal.met])).toEqual([
      ['redirect ≥ 60% of baseline', '75%', true],
      ['redirect p99 ≤ 5 ms', '4 ms', true],
      ['create ≥ 30% of baseline redirect', '40%', true],
      ['zero errors', '0', true],
      ['api peak RSS ≤ 150 MB', '120 MB', true],
      ['ready ≤ 1 s after start', '400 ms', true],
    ]);
  });

  it('marks what a run missed', () => {
    const goals = evaluateGoals(
      report(
        [
          scenario('redirect', 'baseline', 10_000),
          scenario('redirect', 'api', 3000, 12),
          scenario('create', 'api', 2000),
        ],
        250,
        1500,
      ),
    );
    expect(goals.filter((goal) => !goal.met).map((goal) => goal.goal)).toEqual([
      'redirect ≥ 60% of baseline',
      'redirect p99 ≤ 5 ms',
      'create ≥ 30% of baseline redirect',
      'api peak RSS ≤ 150 MB',
      'ready ≤ 1 s after start',
    ]);
  });
});

describe('the scale scenario', () => {
  const base = [
    scenario('redirect', 'baseline', 10_000),
    scenario('redirect', 'api', 7500),
    scenario('create', 'api', 4000),
  ];
  const scaled = (bytes: number, zipfRps: number, failed = 0): BenchReport => ({
    ...report(base),
    scale: {
      links: 1_000_000,
      seedSeconds: 300,
      redisBytesPerLink: bytes,
      cacheHitRatio: 0.912,
      redirect: figuresOf('redirect, Zipf', 'api', [
        result(zipfRps, 4, { '302': { count: zipfRps * 10 - failed }, '503': { count: failed } }),
      ]),
      versusUniform: zipfRps / 7500,
      apiPeakRssMb: 140,
    },
  });

  it('adds the bytes-per-link and Zipf-throughput goals, and counts its failures', () => {
    const goals = evaluateGoals(scaled(180, 6500)).map((goal) => [goal.goal, goal.measured, goal.met]);
    expect(goals.slice(-2)).toEqual([
      ['Redis ≤ 250 bytes per link', '180 B', true],
      ['redirect over 1,000,000 links (Zipf) within 20% of the uniform run', '87%', true],
    ]);
    const missed = evaluateGoals(scaled(320, 5000, 3)).filter((goal) => !goal.met);
    expect(missed.map((goal) => goal.measured)).toEqual(['3', '320 B', '67%']);
  });

  it('prints its figures', () => {
    const markdown = toMarkdown(scaled(180, 6500));
    expect(markdown).toContain('Scale: 1,000,000 links (created in 300 s)');
    expect(markdown).toContain('6,500 redirects/s (87% of the uniform run), p99 4 ms, 0 failed;');
    expect(markdown).toContain('Redis 180 bytes per link; link cache hit ratio 91.2%; api peak RSS 140 MB');
  });
});

describe('toMarkdown', () => {
  it('writes the machine, the settings, one row per scenario and the goals', () => {
    const markdown = toMarkdown(report([scenario('redirect', 'baseline', 12_345), scenario('redirect', 'api', 9000)]));
    expect(markdown).toContain('on Test CPU (2 cores), Node v24.0.0');
    expect(markdown).toContain(
      "the api with its image's NODE_OPTIONS `--max-old-space-size=96` and node flags `--no-allocation-site-pretenuring`.",
    );
    expect(markdown).toContain('50 connections, 10 s per scenario and target, 10,000 seeded links;');
    expect(markdown).toContain("the redirect and create in 5 rounds, taking turns with the baseline's redirect");
    expect(markdown).toContain('| redirect | baseline | 12,345 | 1 | 3 | 4 | 0 | 0 |');
    expect(markdown).toContain('| redirect | api | 9,000 |');
  });
});
