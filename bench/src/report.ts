import type { Result } from 'autocannon';

export interface ScenarioFigures {
  readonly name: string;
  readonly target: 'api' | 'baseline';
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p97_5: number; readonly p99: number };
  readonly requests: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Responses that were neither 2xx nor 3xx. */
  readonly unexpectedStatus: number;
  /** Runs combined: the redirect's and the create's take turns with the baseline's (run.ts). */
  readonly rounds: number;
}

/** The scale scenario: many links, visited with a Zipf popularity (run.ts). */
export interface ScaleFigures {
  readonly links: number;
  readonly seedSeconds: number;
  /** Growth of Redis's used_memory while the links were created, per link. */
  readonly redisBytesPerLink: number;
  /** Share of the Zipf redirects this replica's link cache answered without Redis. */
  readonly cacheHitRatio: number;
  readonly redirect: ScenarioFigures;
  /** The Zipf redirect rate over the uniform redirect rate of the main scenario. */
  readonly versusUniform: number;
  /** The api's peak RSS at the end of the scale scenario, cache full. */
  readonly apiPeakRssMb?: number;
}

export interface BenchReport {
  readonly date: string;
  readonly machine: { readonly cpu: string; readonly cores: number; readonly node: string };
  readonly settings: {
    readonly connections: number;
    readonly durationSeconds: number;
    /** Rounds the redirect's and create's durations are split into, taking turns with the baseline's. */
    readonly rounds: number;
    readonly links: number;
    /** The api image's NODE_OPTIONS, which the api ran with. */
    readonly apiNodeOptions: string;
    /** The node flags of the api image's CMD, which the api ran with. */
    readonly apiNodeFlags: readonly string[];
  };
  readonly apiReadyMs: number;
  readonly apiPeakRssMb: number;
  readonly scenarios: readonly ScenarioFigures[];
  readonly scale?: ScaleFigures;
}

export interface Goal {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/**
 * Figures of one or more autocannon runs of one scenario against one target: requests/s
 * over all of them, each latency percentile the median of the runs' (a percentile cannot be
 * pooled from percentiles, and the median keeps one run hit by the host from deciding it).
 * 3xx counts as success: redirects are the point.
 */
export function figuresOf(name: string, target: ScenarioFigures['target'], runs: readonly Result[]): ScenarioFigures {
  const sum = (of: (run: Result) => number) => runs.reduce((total, run) => total + of(run), 0);
  const unexpectedStatus = sum((run) =>
    Object.entries(run.statusCodeStats ?? {})
      .filter(([status]) => !/^[23]\d\d$/.test(status))
      .reduce((count, [, stats]) => count + (stats.count ?? 0), 0),
  );
  const requests = sum((run) => run.requests.total);
  return {
    name,
    target,
    requestsPerSecond: Math.round(requests / sum((run) => run.duration)),
    latencyMs: {
      p50: median(runs.map((run) => run.latency.p50)),
      p97_5: median(runs.map((run) => run.latency.p97_5)),
      p99: median(runs.map((run) => run.latency.p99)),
    },
    requests,
    errors: sum((run) => run.errors + run.timeouts),
    unexpectedStatus,
    rounds: runs.length,
  };
}

const find = (report: BenchReport, name: string, target: ScenarioFigures['target']) =>
  report.scenarios.find((scenario) => scenario.name === name && scenario.target === target);

/** The goals of the benchmark issue, read off one run. */
export function evaluateGoals(report: BenchReport): Goal[] {
  const redirect = find(report, 'redirect', 'api');
  const baseline = find(report, 'redirect', 'baseline');
  const create = find(report, 'create', 'api');
  if (!redirect || !baseline || !create) return [];
  const ratio = redirect.requestsPerSecond / baseline.requestsPerSecond;
  const createRatio = create.requestsPerSecond / baseline.requestsPerSecond;
  const scaleRedirect = report.scale ? [report.scale.redirect] : [];
  const failures = [...report.scenarios, ...scaleRedirect].reduce((sum, s) => sum + s.errors + s.unexpectedStatus, 0);
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  return [
    { goal: 'redirect ≥ 60% of baseline', measured: percent(ratio), met: ratio >= 0.6 },
    { goal: 'redirect p99 ≤ 5 ms', measured: `${redirect.latencyMs.p99} ms`, met: redirect.latencyMs.p99 <= 5 },
    { goal: 'create ≥ 30% of baseline redirect', measured: percent(createRatio), met: createRatio >= 0.3 },
    { goal: 'zero errors', measured: String(failures), met: failures === 0 },
    { goal: 'api peak RSS ≤ 150 MB', measured: `${report.apiPeakRssMb} MB`, met: report.apiPeakRssMb <= 150 },
    { goal: 'ready ≤ 1 s after start', measured: `${report.apiReadyMs} ms`, met: report.apiReadyMs <= 1000 },
    ...(report.scale
      ? [
          {
            goal: 'Redis ≤ 250 bytes per link',
            measured: `${report.scale.redisBytesPerLink} B`,
            met: report.scale.redisBytesPerLink <= 250,
          },
          {
            goal: `redirect over ${report.scale.links.toLocaleString('en-US')} links (Zipf) within 20% of the uniform run`,
            measured: percent(report.scale.versusUniform),
            met: report.scale.versusUniform >= 0.8,
          },
        ]
      : []),
  ];
}

export function toMarkdown(report: BenchReport): string {
  const rows = report.scenarios.map(
    (s) =>
      `| ${s.name} | ${s.target} | ${s.requestsPerSecond.toLocaleString('en-US')} | ${s.latencyMs.p50} | ${s.latencyMs.p97_5} | ${s.latencyMs.p99} | ${s.errors} | ${s.unexpectedStatus} |`,
  );
  const goals = evaluateGoals(report).map((g) => `| ${g.goal} | ${g.measured} | ${g.met ? 'met' : 'missed'} |`);
  return [
    `Run of ${report.date} on ${report.machine.cpu} (${report.machine.cores} cores), Node ${report.machine.node}:`,
    `${report.settings.connections} connections, ${report.settings.durationSeconds} s per scenario and target, ${report.settings.links.toLocaleString('en-US')} seeded links;`,
    report.settings.rounds === 1
      ? 'the redirect and create in 1 round;'
      : `the redirect and create in ${report.settings.rounds} rounds, taking turns with the baseline's redirect (latency: the median of the rounds');`,
    report.settings.apiNodeFlags.length === 0
      ? `the api with its image's NODE_OPTIONS \`${report.settings.apiNodeOptions}\`.`
      : `the api with its image's NODE_OPTIONS \`${report.settings.apiNodeOptions}\` and node flags \`${report.settings.apiNodeFlags.join(' ')}\`.`,
    '',
    '| Scenario | Target | Requests/s | p50 ms | p97.5 ms | p99 ms | Errors | Non-2xx/3xx |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `api ready ${report.apiReadyMs} ms after start; api peak RSS ${report.apiPeakRssMb} MB.`,
    '',
    ...(report.scale ? scaleLines(report.scale) : []),
    '| Goal | Measured | |',
    '| --- | --- | --- |',
    ...goals,
    '',
  ].join('\n');
}

function scaleLines(scale: ScaleFigures): string[] {
  const { redirect } = scale;
  return [
    `Scale: ${scale.links.toLocaleString('en-US')} links (created in ${scale.seedSeconds} s), redirects with a Zipf popularity (s = 1):`,
    `${redirect.requestsPerSecond.toLocaleString('en-US')} redirects/s (${Math.round(scale.versusUniform * 100)}% of the uniform run), p99 ${redirect.latencyMs.p99} ms, ${redirect.errors + redirect.unexpectedStatus} failed;`,
    `Redis ${scale.redisBytesPerLink} bytes per link; link cache hit ratio ${(scale.cacheHitRatio * 100).toFixed(1)}%` +
      (scale.apiPeakRssMb === undefined ? '.' : `; api peak RSS ${scale.apiPeakRssMb} MB with the cache full.`),
    '',
  ];
}
