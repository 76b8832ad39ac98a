import type { FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { StoreObserver, VisitOutcome } from '../../links/link-store.ts';

/** A short-link lookup ends as a visit outcome, or as an error (Redis unavailable). */
type RedirectOutcome = VisitOutcome['kind'] | 'error';

export interface Metrics {
  readonly registry: Registry;
  readonly linksCreated: Counter;
  /** Counts one short-link lookup; cheap enough for every redirect (see below). */
  readonly countRedirect: (outcome: RedirectOutcome) => void;
  readonly observeStore: StoreObserver;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

type HttpLabels = Record<'method' | 'route' | 'status_code', string>;

// Q(obs-metrics-prometheus): What does the app expose for Prometheus to scrape, and why these?
// RED metrics (rate, errors, duration) per route, process metrics, and the business
// counters; labels are bounded (method, route template, status), never the short code,
// so one viral link cannot create millions of time series.
export default fp(
  async function metricsPlugin(fastify) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });

    const httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      // Redirects take about a millisecond; the buckets resolve the sub-10 ms range.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    // Counters on the redirect path are plain numbers, added to prom-client's counters when
    // Prometheus scrapes (collect): prom-client hashes and checks the labels on every inc().
    // With the route template lookup below and the synchronous redirect handler, this took
    // a fifth off a redirect's CPU (bench/README.md).
    const series = new Map<string, { duration: Histogram.Internal<string>; labels: HttpLabels; uncounted: number }>();
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers: [registry],
      collect() {
        for (const labelled of series.values()) {
          if (labelled.uncounted === 0) continue;
          this.inc(labelled.labels, labelled.uncounted);
          labelled.uncounted = 0;
        }
      },
    });
    const linksCreated = new Counter({
      name: 'shortly_links_created_total',
      help: 'Short links created.',
      registers: [registry],
    });
    const uncountedRedirects = new Map<RedirectOutcome, number>();
    new Counter({
      name: 'shortly_redirects_total',
      help: 'Short-link lookups by outcome: redirected, not_found, expired, exhausted or error.',
      labelNames: ['outcome'] as const,
      registers: [registry],
      collect() {
        for (const [outcome, uncounted] of uncountedRedirects) this.inc({ outcome }, uncounted);
        uncountedRedirects.clear();
      },
    });
    const redisDuration = new Histogram({
      name: 'shortly_redis_command_duration_seconds',
      help: 'Latency of Redis operations made by the link store.',
      labelNames: ['operation'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    });
    const redisErrors = new Counter({
      name: 'shortly_redis_errors_total',
      help: 'Redis operations that failed (connection down, timeout or reply error).',
      labelNames: ['operation'] as const,
      registers: [registry],
    });

    fastify.decorate('metrics', {
      registry,
      linksCreated,
      countRedirect(outcome) {
        uncountedRedirects.set(outcome, (uncountedRedirects.get(outcome) ?? 0) + 1);
      },
      observeStore(operation, seconds, failed) {
        redisDuration.observe({ operation }, seconds);
        if (failed) redisErrors.inc({ operation });
      },
    });

    const record = (route: string, request: FastifyRequest, reply: FastifyReply) => {
      const key = `${request.method} ${route} ${reply.statusCode}`;
      let labelled = series.get(key);
      if (!labelled) {
        const labels = { method: request.method, route, status_code: String(reply.statusCode) };
        labelled = { duration: httpDuration.labels(labels), labels, uncounted: 0 };
        series.set(key, labelled);
      }
      labelled.duration.observe(reply.elapsedTime / 1000);
      labelled.uncounted++;
    };
    // The route template ("/:code"), not the path: bounded cardinality. Each route's hook knows
    // its template; reading it per request (request.routeOptions) builds a dozen-field object.
    fastify.addHook('onRoute', (route) => {
      const template = route.url;
      const onResponse: onResponseHookHandler = (request, reply, done) => {
        record(template, request, reply);
        done();
      };
      route.onResponse = route.onResponse ? [route.onResponse].flat().concat(onResponse) : onResponse;
    });
    // Unmatched paths have no route, so no route hook: they share one label.
    fastify.addHook('onResponse', (request, reply, done) => {
      if (request.is404) record('unmatched', request, reply);
      done();
    });
  },
  { name: 'metrics' },
);
