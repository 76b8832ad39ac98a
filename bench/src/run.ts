// Q(scaling-load-testing): How do you load test the service and turn the results into limits?
// autocannon drives the real api at fixed concurrency against a bare-Fastify baseline run
// alongside, and the report says which goals were met (bench/README.md, with the flags:
// --smoke, --duration, --rounds, --connections, --profile, --scale-links).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { freePort, startSharedRedis } from '@shortly/testing';
import autocannon, { type Options, type Request, type Result } from 'autocannon';
import { Redis } from 'ioredis';
import { imageNodeFlags, imageNodeOptions } from './image-node-options.ts';
import { profileToText, readProfileIn, summariseProfile } from './profile.ts';
import {
  type BenchReport,
  evaluateGoals,
  figuresOf,
  type ScaleFigures,
  type ScenarioFigures,
  toMarkdown,
} from './report.ts';
import { zipfSampler } from './zipf.ts';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string', default: '50' },
    links: { type: 'string' },
    'scale-links': { type: 'string' },
  },
});
const smoke = args.smoke;
const durationSeconds = Number(args.duration ?? (smoke ? 1 : 10));
const connections = Number(args.connections);
const linkCount = Number(args.links ?? (smoke ? 500 : 10_000));
const scaleLinkCount = Number(args['scale-links'] ?? (smoke ? 2_000 : 1_000_000));
// The goals are ratios to the baseline's redirect, and this machine's speed drifts over
// seconds: the baseline's redirect, the api's redirect and the api's create take turns, so
// a slow spell falls on all three rather than on one.
const rounds = Number(args.rounds ?? (smoke ? 1 : 5));
const WARMUP_SECONDS = 2;

const API_ENTRY = new URL('../../apps/api/dist/server.js', import.meta.url).pathname;
const BASELINE_ENTRY = new URL('./baseline.ts', import.meta.url).pathname;
const RESULTS = new URL('../results/', import.meta.url).pathname;
// One folder per profiled run, so the run's profile is the only file in it.
const profileDir = args.profile ? `${RESULTS}profiles/${new Date().toISOString().replace(/[:.]/g, '-')}` : undefined;

const progress = (message: string) => process.stderr.write(`\r\x1b[2K${message}`);

function start(entry: string, env: Record<string, string>, nodeFlags: readonly string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, entry], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) progress(`${entry} exited with ${code}\n`);
  });
  return child;
}

async function waitUntilAnswering(url: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    try {
      if ((await fetch(url)).ok) return Math.round(performance.now() - started);
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Peak resident set size of a process (Linux VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
}

async function seed(apiUrl: string): Promise<{ code: string; url: string }[]> {
  const links: { code: string; url: string }[] = [];
  let next = 0;
  async function worker() {
    while (next < linkCount) {
      const index = next++;
      const response = await fetch(`${apiUrl}/api/links`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: `https://example.com/bench/${index}?ref=seed` }),
      });
      if (response.status !== 201) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
      const { code, url } = (await response.json()) as { code: string; url: string };
      links.push({ code, url });
      if (index % 500 === 0) progress(`seeding links ${index}/${linkCount}`);
    }
  }
  await Promise.all(Array.from({ length: 32 }, worker));
  return links;
}

async function load(
  title: string,
  options: Options,
  { warmUp = true, seconds = durationSeconds } = {},
): Promise<Result> {
  // Each target gets the same warm-up, unmeasured, so neither is timed while V8 is still
  // compiling its hot path.
  const warmupSeconds = smoke || !warmUp ? 0 : WARMUP_SECONDS;
  const warmup = warmupSeconds > 0 ? { warmup: { connections, duration: warmupSeconds } } : {};
  const instance = autocannon({ connections, duration: seconds, ...warmup, ...options });
  const started = Date.now();
  const ticker = setInterval(() => {
    const elapsed = Math.round((Date.now() - started) / 1000) - warmupSeconds;
    progress(elapsed < 0 ? `${title}: warming up` : `${title}: ${Math.min(seconds, elapsed)}/${seconds} s`);
  }, 250);
  try {
    return await instance;
  } finally {
    clearInterval(ticker);
  }
}

/** One scenario against one target, measured in rounds that take turns with the others. */
interface Turn {
  readonly name: string;
  readonly target: ScenarioFigures['target'];
  readonly url: string;
  readonly requests: () => Request[];
  readonly runs: Result[];
}

/** Requests spread evenly over the seeded codes, in the same order for api and baseline. */
function spreadOver(codes: readonly string[], path: (code: string) => string): Request[] {
  let index = 0;
  return [
    {
      setupRequest: (request) => {
        const code = codes[index++ % codes.length] ?? '';
        return { ...request, path: path(code) };
      },
    },
  ];
}

/** A counter's value in the api's /metrics text; 0 when the series is not there yet. */
async function scrapeCounter(apiUrl: string, series: string): Promise<number> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/**
 * The scale scenario: links up to scaleLinkCount in all, created through the api with
 * known aliases (so no code has to be read back), then redirects whose popularity follows
 * Zipf's law, as on a real shortener.
 */
async function scale(apiUrl: string, redisUrl: string, uniformRedirect: ScenarioFigures): Promise<ScaleFigures> {
  const redis = new Redis(redisUrl);
  try {
    const usedMemory = async () => Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1]);
    const before = await usedMemory();
    const added = scaleLinkCount - linkCount;
    let next = 0;
    const started = performance.now();
    const seeding = await load(
      `seeding ${added.toLocaleString('en-US')} links`,
      {
        url: apiUrl,
        amount: added,
        requests: [
          {
            method: 'POST',
            path: '/api/links',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => {
              const index = next++;
              return {
                ...request,
                body: JSON.stringify({ url: `https://example.com/scale/${index}`, alias: `zipf-${index}` }),
              };
            },
          },
        ],
      },
      { warmUp: false },
    );
    if (seeding.non2xx > 0 || seeding.errors > 0)
      throw new Error(`seeding failed: ${seeding.non2xx} non-2xx, ${seeding.errors} errors`);
    const seedSeconds = Math.round((performance.now() - started) / 1000);
    const redisBytesPerLink = Math.round(((await usedMemory()) - before) / added);

    const rank = zipfSampler(added);
    const hits = 'shortly_link_cache_lookups_total{result="hit"}';
    const misses = 'shortly_link_cache_lookups_total{result="miss"}';
    const [hitsBefore, missesBefore] = [await scrapeCounter(apiUrl, hits), await scrapeCounter(apiUrl, misses)];
    const zipf = figuresOf('redirect, Zipf', 'api', [
      await load(`redirect over ${scaleLinkCount.toLocaleString('en-US')} links, Zipf`, {
        url: apiUrl,
        requests: [{ setupRequest: (request) => ({ ...request, path: `/zipf-${rank() - 1}` }) }],
      }),
    ]);
    const hitCount = (await scrapeCounter(apiUrl, hits)) - hitsBefore;
    const missCount = (await scrapeCounter(apiUrl, misses)) - missesBefore;
    return {
      links: scaleLinkCount,
      seedSeconds,
      redisBytesPerLink,
      cacheHitRatio: hitCount / Math.max(1, hitCount + missCount),
      redirect: zipf,
      versusUniform: zipf.requestsPerSecond / uniformRedirect.requestsPerSecond,
    };
  } finally {
    redis.disconnect();
  }
}

async function main() {
  const redis = await startSharedRedis();
  const [apiPort, baselinePort] = await Promise.all([freePort(), freePort()]);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;
  const unlimited = '1000000000';

  progress('starting the api');
  const apiNodeOptions = imageNodeOptions();
  const apiNodeFlags = [...imageNodeFlags(), ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const api = start(
    API_ENTRY,
    {
      NODE_ENV: 'production',
      NODE_OPTIONS: apiNodeOptions,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      REDIS_URL: redis.url,
      PUBLIC_BASE_URL: 'https://sho.rt',
      LOG_LEVEL: 'info',
      RATE_LIMIT_CREATE_MAX: unlimited,
      RATE_LIMIT_REDIRECT_MAX: unlimited,
      RATE_LIMIT_READ_MAX: unlimited,
      // No load balancer has to see it draining: stop at once (and write the profile).
      SHUTDOWN_DELAY_MS: '0',
    },
    apiNodeFlags,
  );
  let baseline: ChildProcess | undefined;
  try {
    const apiReadyMs = await waitUntilAnswering(`${apiUrl}/ready`, 10_000);
    // Started once the api is ready, so the api's start is timed without the baseline
    // competing for the same two cores.
    baseline = start(BASELINE_ENTRY, { PORT: String(baselinePort) });
    await waitUntilAnswering(`${baselineUrl}/__missing__`, 10_000).catch(() => undefined);

    const links = await seed(apiUrl);
    const seeded = await fetch(`${baselineUrl}/__seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(links),
    });
    if (!seeded.ok) throw new Error(`baseline seeding failed: ${seeded.status}`);
    const codes = links.map((link) => link.code);

    const redirects = () => spreadOver(codes, (code) => `/${code}`);
    let created = 0;
    const create: Request = {
      method: 'POST',
      path: '/api/links',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({ url: `https://example.com/bench/created/${created++}` }),
      }),
    };
    const turns: Turn[] = [
      { name: 'redirect', target: 'baseline', url: baselineUrl, requests: redirects, runs: [] },
      { name: 'redirect', target: 'api', url: apiUrl, requests: redirects, runs: [] },
      { name: 'create', target: 'api', url: apiUrl, requests: () => [create], runs: [] },
    ];
    const roundSeconds = durationSeconds / rounds;
    for (let round = 1; round <= rounds; round++) {
      for (const { name, target, url, requests, runs } of turns) {
        const title = `${name}, ${target}, round ${round}/${rounds}`;
        runs.push(await load(title, { url, requests: requests() }, { warmUp: round === 1, seconds: roundSeconds }));
      }
    }
    const scenarios = turns.map(({ name, target, runs }) => figuresOf(name, target, runs));
    scenarios.push(
      figuresOf('stats', 'api', [
        await load('stats, api', { url: apiUrl, requests: spreadOver(codes, (code) => `/api/links/${code}`) }),
      ]),
    );
    // The main goals' peak RSS is read before the scale scenario fills the cache.
    const apiPeakRssMb = peakRssMb(api.pid ?? 0);
    const uniformRedirect = scenarios.find((scenario) => scenario.name === 'redirect' && scenario.target === 'api');
    const scaleFigures = uniformRedirect ? await scale(apiUrl, redis.url, uniformRedirect) : undefined;
    progress('');

    const report: BenchReport = {
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
      settings: { connections, durationSeconds, rounds, links: linkCount, apiNodeOptions, apiNodeFlags },
      apiReadyMs,
      apiPeakRssMb,
      scenarios,
      ...(scaleFigures ? { scale: { ...scaleFigures, apiPeakRssMb: peakRssMb(api.pid ?? 0) } } : {}),
    };
    const markdown = toMarkdown(report);
    process.stdout.write(`${markdown}\n`);
    if (profileDir) {
      process.stdout.write(
        "Profiled run: the figures include the profiler's cost; results/latest.* are left as they were.\n",
      );
    } else if (!smoke) {
      mkdirSync(RESULTS, { recursive: true });
      writeFileSync(
        `${RESULTS}latest.json`,
        `${JSON.stringify({ ...report, goals: evaluateGoals(report) }, null, 2)}\n`,
      );
      writeFileSync(`${RESULTS}latest.md`, markdown);
      process.stdout.write(`Results written to bench/results/latest.{json,md}\n`);
    }
  } finally {
    for (const child of baseline ? [api, baseline] : [api]) {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    await redis.close();
  }
  if (profileDir) {
    // --cpu-prof writes the profile as the api exits, which the finally block waited for.
    const { path, profile } = readProfileIn(profileDir);
    process.stdout.write(`\n${profileToText(summariseProfile(profile))}\n`);
    process.stdout.write(
      `The flame graph: open ${path} in Chrome DevTools (Performance, "Load profile"), VS Code or speedscope.\n`,
    );
  }
}

await main();
