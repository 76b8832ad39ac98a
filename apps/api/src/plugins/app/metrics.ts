import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { StoreObserver, VisitOutcome } from '../../links/link-store.ts';

/** A short-link lookup ends as a visit outcome, or as an error (Redis unavailable). */
type RedirectOutcome = VisitOutcome['kind'] | 'error';

export interface Metrics {
  readonly registry: Registry;
  readonly linksCreated: Counter;
  /** Counts one short-link lookup by its outcome. */
  readonly countRedirect: (outcome: RedirectOutcome) => void;
  /** Counts one redirect answered from this replica's link cache (hit) or not (miss). */
  readonly countCacheLookup: (hit: boolean) => void;
  readonly observeStore: StoreObserver;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

// Q(obs-metrics-prometheus): What does the app expose for Prometheus to scrape, and why these?
// RED metrics (rate, errors, duration) per route, process metrics, and the business
// counters; labels are bounded (method, route template, status), never the short code,
// so one viral link cannot create millions of time series.
export default fp(
  async function metricsPlugin(fastify) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });

    const counter = <Label extends string>(name: string, help: string, labelNames: readonly Label[] = []) =>
      new Counter<Label>({ name, help, labelNames, registers: [registry] });
    const histogram = <Label extends string>(
      name: string,
      help: string,
      labelNames: readonly Label[],
      buckets: number[],
    ) => new Histogram<Label>({ name, help, labelNames, buckets, registers: [registry] });

    const http = ['method', 'route', 'status_code'] as const;
    // Redirects take about a millisecond; the buckets resolve the sub-10 ms range.
    const httpDuration = histogram(
      'http_request_duration_seconds',
      'HTTP request duration by method, route template and status code.',
      http,
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
    const httpRequests = counter(
      'http_requests_total',
      'HTTP requests by method, route template and status code.',
      http,
    );
    const linksCreated = counter('shortly_links_created_total', 'Short links created.');
    const redirects = counter(
      'shortly_redirects_total',
      'Short-link lookups by outcome: redirected, not_found, expired, exhausted or error.',
      ['outcome'],
    );
    const cacheLookups = counter(
      'shortly_link_cache_lookups_total',
      "Redirects by whether this replica's link cache answered them (hit) or Redis did (miss).",
      ['result'],
    );
    const redisDuration = histogram(
      'shortly_redis_command_duration_seconds',
      'Latency of Redis operations made by the link store.',
      ['operation'],
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    );
    const redisRefusals = counter(
      'shortly_redis_refusals_total',
      'Redis commands refused though Redis answered, by reason: OOM, READONLY, MASTERDOWN, BUSY, LOADING or MISCONF.',
      ['reason'],
    );
    const redisErrors = counter(
      'shortly_redis_errors_total',
      'Redis operations that failed (connection down, timeout or reply error).',
      ['operation'],
    );

    fastify.decorate('metrics', {
      registry,
      linksCreated,
      countRedirect(outcome) {
        redirects.inc({ outcome });
      },
      countCacheLookup(hit) {
        cacheLookups.inc({ result: hit ? 'hit' : 'miss' });
      },
      observeStore(operation, seconds, failed, refusal) {
        redisDuration.observe({ operation }, seconds);
        if (failed) redisErrors.inc({ operation });
        if (refusal) redisRefusals.inc({ reason: refusal });
      },
    });

    // The route template ("/:code"), not the path: bounded cardinality. Unmatched paths
    // have no template and share one label.
    fastify.addHook('onResponse', async (request, reply) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      };
      httpRequests.inc(labels);
      httpDuration.observe(labels, reply.elapsedTime / 1000);
    });
  },
  { name: 'metrics' },
);
