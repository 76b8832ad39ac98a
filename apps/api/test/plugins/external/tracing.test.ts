import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { freePort } from '@shortly/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createServer } from '../../../src/server.ts';
import { startAppWithLogs, uniqueAlias } from '../../helpers/app.ts';

/** The upstream span (the web service's, or a client's) that every traced request here continues. */
const UPSTREAM_SPAN_ID = '00f067aa0ba902b7';
const newTraceId = () => randomBytes(16).toString('hex');
const traceparent = (traceId: string, sampled = true) => `00-${traceId}-${UPSTREAM_SPAN_ID}-${sampled ? '01' : '00'}`;

type TracedApp = ReturnType<typeof createServer>;

function startTracedApp(env: Record<string, string>, spanExporter?: InMemorySpanExporter) {
  return startAppWithLogs(env, spanExporter ? { spanExporter } : {});
}

describe('tracing on (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  const exporter = new InMemorySpanExporter();
  let app: TracedApp;
  let lines: Record<string, unknown>[];

  beforeAll(async () => {
    ({ app, lines } = await startTracedApp({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, exporter));
  });
  afterAll(() => app.close());

  /** The finished spans of one trace; waits briefly for the request span, which ends as the response leaves. */
  async function spansOf(traceId: string, expected = 1): Promise<ReadableSpan[]> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
      if (spans.length >= expected) return spans;
      await sleep(20);
    }
    return exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  }

  const serverSpan = (spans: ReadableSpan[]) => spans.find((span) => span.kind === SpanKind.SERVER);
  const redisSpan = (spans: ReadableSpan[], operation: string) =>
    spans.find((span) => span.attributes['db.operation.name'] === operation);

  /** The chain of parents from a span up to the root of the trace (within this process). */
  function ancestry(span: ReadableSpan, spans: ReadableSpan[]): ReadableSpan[] {
    const chain: ReadableSpan[] = [];
    let parentId = span.parentSpanContext?.spanId;
    for (;;) {
      const parent = spans.find((candidate) => candidate.spanContext().spanId === parentId);
      if (!parent) return chain;
      chain.push(parent);
      parentId = parent.parentSpanContext?.spanId;
    }
  }

  it('continues the incoming trace, with the Redis call as a span inside the request span', async () => {
    const alias = uniqueAlias('tr');
    const createTrace = newTraceId();
    await request(app.server)
      .post('/api/links')
      .set('traceparent', traceparent(createTrace))
      .send({ url: 'https://example.com/traced', alias, maxVisits: 5 })
      .expect(201);

    const visitTrace = newTraceId();
    await request(app.server).get(`/${alias}`).set('traceparent', traceparent(visitTrace)).expect(302);

    const spans = await spansOf(visitTrace, 2);
    const server = serverSpan(spans);
    // The request span is a child of the caller's span, in the caller's trace.
    expect(server).toBeDefined();
    expect(server?.name).toBe('GET /:code');
    expect(server?.parentSpanContext?.spanId).toBe(UPSTREAM_SPAN_ID);
    expect(server?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/:code',
      'http.response.status_code': 302,
    });
    expect(server?.status.code).toBe(SpanStatusCode.UNSET);
    expect(server?.resource.attributes['service.name']).toBe('shortly-api');

    // The Redis call: a client span, named by the store operation, nested under the request span.
    const visit = redisSpan(spans, 'visit');
    expect(visit).toBeDefined();
    if (!visit || !server) return;
    expect(visit.name).toBe('redis visit');
    expect(visit.kind).toBe(SpanKind.CLIENT);
    expect(visit.attributes).toMatchObject({ 'db.system.name': 'redis', 'db.operation.name': 'visit' });
    expect(visit.status.code).toBe(SpanStatusCode.UNSET);
    expect(ancestry(visit, spans).map((span) => span.spanContext().spanId)).toContain(server.spanContext().spanId);
    // ...and a part of its time: the waterfall that shows where the request's time went. (Span
    // start times come from the wall clock, to the millisecond; durations are exact.)
    const nanos = ([seconds, nanoseconds]: readonly [number, number]) => seconds * 1e9 + nanoseconds;
    expect(nanos(visit.duration)).toBeGreaterThan(0);
    expect(nanos(visit.duration)).toBeLessThan(nanos(server.duration));

    const createSpans = await spansOf(createTrace, 2);
    expect(serverSpan(createSpans)?.name).toBe('POST /api/links');
    expect(serverSpan(createSpans)?.attributes['http.response.status_code']).toBe(201);
    expect(redisSpan(createSpans, 'create')?.attributes['db.system.name']).toBe('redis');
  });

  it("writes the trace id on the request's log line, so logs and traces join", async () => {
    const traceId = newTraceId();
    await request(app.server).get('/api/links/neverCreatedT').set('traceparent', traceparent(traceId)).expect(404);
    const line = lines.find((entry) => entry.msg === 'request completed' && entry.traceId === traceId);
    expect(line).toMatchObject({ url: '/api/links/neverCreatedT', statusCode: 404 });
  });

  it('starts a new trace for a request that brings none', async () => {
    const before = new Set(exporter.getFinishedSpans().map((span) => span.spanContext().traceId));
    await request(app.server).get('/api/links/neverCreatedN').expect(404);
    await sleep(50);
    const fresh = exporter
      .getFinishedSpans()
      .filter((span) => span.kind === SpanKind.SERVER && !before.has(span.spanContext().traceId))
      .find((span) => span.attributes['url.path'] === '/api/links/neverCreatedN');
    expect(fresh).toBeDefined();
    expect(fresh?.parentSpanContext).toBeUndefined();
  });

  it('marks the Redis span and the request span as errors when Redis rejects a command (500)', async () => {
    const alias = uniqueAlias('tr');
    // A key of the wrong type: the visit script's HMGET fails with a reply error.
    await app.redis.set(`shortly:link:${alias}`, 'not a hash', 'PX', 60_000);
    const traceId = newTraceId();
    await request(app.server).get(`/${alias}`).set('traceparent', traceparent(traceId)).expect(500);

    const spans = await spansOf(traceId, 2);
    const visit = redisSpan(spans, 'visit');
    expect(visit?.status.code).toBe(SpanStatusCode.ERROR);
    expect(visit?.status.message).toMatch(/WRONGTYPE/);
    expect(visit?.attributes['error.type']).toMatch(/^[A-Z]+$/);
    expect(visit?.events.map((event) => event.name)).toContain('exception');
    const server = serverSpan(spans);
    expect(server?.status.code).toBe(SpanStatusCode.ERROR);
    expect(server?.attributes['http.response.status_code']).toBe(500);
  });

  it('records a 4xx answer on the request span (@fastify/otel also marks a thrown 4xx as an error)', async () => {
    const traceId = newTraceId();
    await request(app.server).get('/neverCreated4').set('traceparent', traceparent(traceId)).expect(404);
    const server = serverSpan(await spansOf(traceId));
    expect(server?.attributes['http.response.status_code']).toBe(404);
    // Library behaviour, pinned so an upgrade that changes it is noticed: the HTTP semantic
    // conventions would leave a server span's status unset for a 4xx.
    expect(server?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'No link with code "neverCreated4"' });
  });

  it("keeps a caller's decision not to sample: no spans, no trace id in the log", async () => {
    const traceId = newTraceId();
    await request(app.server)
      .get('/api/links/neverCreatedU')
      .set('traceparent', traceparent(traceId, false))
      .expect(404);
    await sleep(50);
    expect(exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId)).toEqual([]);
    const line = lines.find((entry) => entry.msg === 'request completed' && entry.url === '/api/links/neverCreatedU');
    expect(line).toBeDefined();
    expect(line?.traceId).toBeUndefined();
  });

  it('does not trace probes and scrapes', async () => {
    const traceId = newTraceId();
    for (const path of ['/health', '/ready', '/metrics']) {
      await request(app.server).get(path).set('traceparent', traceparent(traceId)).expect(200);
    }
    await sleep(50);
    expect(exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId)).toEqual([]);
  });
});

describe('tracing exported over OTLP/HTTP', () => {
  let collector: Server;
  const received: { path: string | undefined; contentType: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    collector = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({ path: req.url, contentType: req.headers['content-type'], body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    }).listen(0, '127.0.0.1');
    await once(collector, 'listening');
  });
  afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

  it('batches spans to <endpoint>/v1/traces and flushes them when the app closes', async () => {
    const { port } = collector.address() as AddressInfo;
    const { app } = await startTracedApp({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/`,
      OTEL_SERVICE_NAME: 'shortly-api-otlp-test',
    });
    const traceId = newTraceId();
    await request(app.server)
      .post('/api/links')
      .set('traceparent', traceparent(traceId))
      .send({ url: 'https://example.com/exported', alias: uniqueAlias('tr') })
      .expect(201);
    // The batch is sent every few seconds; closing must not wait for that, nor lose it.
    expect(received).toEqual([]);
    await app.close();

    const exported = received.filter((entry) => entry.body.includes(traceId));
    expect(exported).toHaveLength(1);
    expect(exported[0]?.path).toBe('/v1/traces');
    expect(exported[0]?.contentType).toMatch(/^application\/json/);
    expect(exported[0]?.body).toContain('shortly-api-otlp-test');
    expect(exported[0]?.body).toContain('redis create');
  });

  it('does not let an unreachable collector hold up shutdown', async () => {
    const { app } = await startTracedApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}` });
    await request(app.server).get('/api/links/neverCreatedC').set('traceparent', traceparent(newTraceId())).expect(404);
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

describe('sampling (OTEL_TRACES_SAMPLER_ARG)', () => {
  const exporter = new InMemorySpanExporter();
  let app: TracedApp;

  beforeAll(async () => {
    ({ app } = await startTracedApp(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_SAMPLER_ARG: '0' },
      exporter,
    ));
  });
  afterAll(() => app.close());

  it('keeps no new trace at ratio 0, but still follows a caller that sampled', async () => {
    await request(app.server).get('/api/links/neverCreatedS').expect(404);
    const traceId = newTraceId();
    await request(app.server).get('/api/links/neverCreatedS').set('traceparent', traceparent(traceId)).expect(404);
    await sleep(50);
    const traces = new Set(exporter.getFinishedSpans().map((span) => span.spanContext().traceId));
    expect([...traces]).toEqual([traceId]);
  });
});

describe('tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  const exporter = new InMemorySpanExporter();
  let app: TracedApp;

  beforeAll(async () => {
    ({ app } = await startTracedApp({}, exporter));
  });
  afterAll(() => app.close());

  it('registers nothing: no instrumentation, no provider, no propagator, no spans', async () => {
    const alias = uniqueAlias('tr');
    await request(app.server)
      .post('/api/links')
      .set('traceparent', traceparent(newTraceId()))
      .send({ url: 'https://example.com/untraced', alias })
      .expect(201);
    await request(app.server).get(`/${alias}`).set('traceparent', traceparent(newTraceId())).expect(302);

    expect(app.hasPlugin('@fastify/otel')).toBe(false);
    expect(app.hasRequestDecorator('opentelemetry')).toBe(false);
    // The API's global tracer is the no-op one (an earlier app in this file unregistered its
    // provider on close), and no propagator reads traceparent.
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
    expect(propagation.fields()).toEqual([]);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
