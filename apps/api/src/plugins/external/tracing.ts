import { setTimeout as sleep } from 'node:timers/promises';
import { context, DiagLogLevel, diag, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';

export interface TracingOptions {
  /** Where spans go instead of the OTLP exporter, each at once (tests read them from memory). */
  exporter?: SpanExporter | undefined;
}

/** Probes and scrapes, every few seconds: their traces would drown the ones that matter. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * How long shutdown waits for the collector to take the last spans. The exporter retries an
 * unreachable collector for about ten seconds: that must not eat the shutdown's time budget.
 */
const FLUSH_TIMEOUT_MS = 2000;

// Q(obs-distributed-tracing): How does distributed tracing show where a request spends its time, down to each Redis call?
// Each request is a trace: a server span with child spans for hooks, handler and every
// Redis call, so the waterfall shows where a slow redirect waited. The W3C traceparent
// header carries the trace across processes and into the log line. Spans go over OTLP in
// batches; without OTEL_EXPORTER_OTLP_ENDPOINT the SDK is not even loaded.
export default fp<TracingOptions>(
  async function tracingPlugin(fastify, { exporter }) {
    const settings = fastify.config.tracing;
    if (settings === null) return;

    // Loaded only when tracing is on: about a quarter of a second and 25 MB the service
    // does not pay otherwise.
    const [{ FastifyOtelInstrumentation }, sdk, { OTLPTraceExporter }, resources, semconv] = await Promise.all([
      import('@fastify/otel'),
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/semantic-conventions'),
    ]);

    const provider = new sdk.NodeTracerProvider({
      resource: resources
        .defaultResource()
        .merge(resources.resourceFromAttributes({ [semconv.ATTR_SERVICE_NAME]: settings.serviceName })),
      // A new trace is kept with the configured probability; a continued one follows the
      // caller's decision, so a trace is never kept upstream and dropped here.
      sampler: new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(settings.sampleRatio) }),
      spanProcessors: [
        exporter
          ? new sdk.SimpleSpanProcessor(exporter)
          : new sdk.BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl })),
      ],
    });
    // Global: the async-local-storage context manager carries the active span across awaits,
    // the W3C propagator reads traceparent, and API tracers (the link store's) start recording.
    provider.register();
    // The SDK reports its own trouble (a collector that does not answer) through diag.
    const log = fastify.log;
    diag.setLogger(
      {
        error: (message, ...details) => log.warn({ details }, `tracing: ${message}`),
        warn: (message, ...details) => log.warn({ details }, `tracing: ${message}`),
        info: () => undefined,
        debug: () => undefined,
        verbose: () => undefined,
      },
      { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
    );

    const instrumentation = new FastifyOtelInstrumentation({
      ignorePaths: ({ url }) => UNTRACED_PATHS.has(url.split('?', 1)[0] ?? url),
      // Hooks that run before the handler (auth, validation) get spans; response-side ones
      // only set headers and count, and would clutter every trace.
      instrumentHooks: ['onRequest', 'preParsing', 'preValidation', 'preHandler'],
      requestHook: (span, request: FastifyRequest) => {
        // Named by route template, as the HTTP conventions ask: "GET /:code", never the code.
        span.updateName(request.routeOptions.url ? `${request.method} ${request.routeOptions.url}` : request.method);
        // Every log line of the request names its trace, so a log line leads to its trace.
        // (request.log is the request's own child logger; never bind on the shared one.)
        if (span.isRecording() && request.log !== log) {
          (request.log as Logger).setBindings({ traceId: span.spanContext().traceId });
        }
      },
    });
    instrumentation.setTracerProvider(provider);
    // Registered before any other plugin and route (app.ts), so all of them are covered.
    await fastify.register(instrumentation.plugin());

    // Runs after the other plugins' onClose hooks (they close in reverse order of registration),
    // so the spans of the last Redis writes are sent too.
    fastify.addHook('onClose', async () => {
      const flushed = await Promise.race([
        provider.shutdown().then(
          () => true,
          (error: unknown) => {
            log.warn({ err: error }, 'tracing: spans lost at shutdown');
            return true;
          },
        ),
        sleep(FLUSH_TIMEOUT_MS, false, { ref: false }),
      ]);
      if (!flushed) log.warn({ timeoutMs: FLUSH_TIMEOUT_MS }, 'tracing: last spans dropped, the collector is too slow');
      instrumentation.disable();
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    });
  },
  { name: 'tracing', dependencies: ['config'] },
);
