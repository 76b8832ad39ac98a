import type { FastifyError, FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { HttpError, reasonPhrase } from './errors.ts';
import apiKeyAuth from './plugins/app/api-key-auth.ts';
import configPlugin from './plugins/app/config.ts';
import featureFlags from './plugins/app/feature-flags.ts';
import lifecycle from './plugins/app/lifecycle.ts';
import linkStore from './plugins/app/link-store.ts';
import metrics from './plugins/app/metrics.ts';
import redis from './plugins/app/redis.ts';
import requestContext from './plugins/app/request-context.ts';
import securityHeaders from './plugins/app/security-headers.ts';
import helmet from './plugins/external/helmet.ts';
import rateLimit from './plugins/external/rate-limit.ts';
import swagger, { swaggerUiPlugin } from './plugins/external/swagger.ts';
import tracing, { type TracingOptions } from './plugins/external/tracing.ts';
import linkRoutes from './routes/api/links/index.ts';
import healthRoutes from './routes/health/index.ts';
import metricsRoutes from './routes/metrics/index.ts';
import redirectRoutes from './routes/redirect/index.ts';
import { describeValidationErrors } from './validation-messages.ts';

export interface AppOptions {
  config: Config;
  /** Tests: where spans go instead of the OTLP exporter (tracing still needs OTEL_EXPORTER_OTLP_ENDPOINT). */
  spanExporter?: TracingOptions['exporter'];
}

/** The whole service as one plugin: server.ts (and the tests) register it on a Fastify instance. */
export default async function app(fastify: FastifyInstance, { config, spanExporter }: AppOptions) {
  await fastify.register(configPlugin, { config });
  // First after config: request spans cover every hook and route registered after it.
  await fastify.register(tracing, { exporter: spanExporter });
  await fastify.register(lifecycle);
  await fastify.register(metrics);
  await fastify.register(requestContext);
  await fastify.register(redis);
  await fastify.register(linkStore);
  await fastify.register(featureFlags);
  await fastify.register(apiKeyAuth);
  await fastify.register(swagger);

  // The API speaks JSON only: any other body type is a 415, not a string to validate.
  fastify.removeContentTypeParser('text/plain');
  fastify.setSchemaErrorFormatter((errors, dataVar) => new Error(describeValidationErrors(errors, dataVar)));

  // One error handler for the whole API: every error leaves as { statusCode, error, message }.
  // 4xx messages tell the client what to fix; 5xx details stay in the log, never in the response.
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    if (statusCode < 500) {
      return reply.code(statusCode).send({ statusCode, error: reasonPhrase(statusCode), message: error.message });
    }
    request.log.error({ err: error, headers: request.headers }, 'request failed');
    if (statusCode === 503) reply.header('retry-after', '1');
    const message = error instanceof HttpError ? error.message : 'Something went wrong on our side';
    return reply.code(statusCode).send({ statusCode, error: reasonPhrase(statusCode), message });
  });

  // Registration order does not matter for routing: static paths (/health, /api/...) always
  // win over the /:code parameter, see the route-ordering regression test.
  // The redirect path is the hot path: helmet's headers as constants (plugins/app/security-headers).
  await fastify.register(async function redirectScope(scope) {
    await scope.register(securityHeaders);
    await scope.register(rateLimit, { counters: config.rateLimit.redirectCounters, headersOnlyWhenLimited: true });
    await scope.register(redirectRoutes);
  });
  // The docs, probes, metrics and the 404 for unknown paths get @fastify/helmet's headers.
  await fastify.register(async function helmetScope(scope) {
    await scope.register(helmet);
    scope.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .send({ statusCode: 404, error: reasonPhrase(404), message: `No route for ${request.method} ${request.url}` }),
    );
    await scope.register(swaggerUiPlugin);
    await scope.register(healthRoutes);
    await scope.register(metricsRoutes);
  });
  // The JSON API, with the same constant headers as the redirect.
  await fastify.register(async function apiScope(api) {
    await api.register(securityHeaders);
    await api.register(rateLimit, { counters: 'shared', headersOnlyWhenLimited: false });
    await api.register(linkRoutes, { prefix: '/api/links' });
  });
}
