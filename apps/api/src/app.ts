import type { ApiError } from '@shortly/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Config } from './env.ts';
import { HttpError, notFound, reasonPhrase, statusErrorCode } from './errors.ts';
import apiKeyAuth from './plugins/app/api-key-auth.ts';
import clientAddress from './plugins/app/client-address.ts';
import configPlugin from './plugins/app/config.ts';
import flagsPlugin from './plugins/app/flags.ts';
import hostHeader from './plugins/app/host-header.ts';
import lifecycle from './plugins/app/lifecycle.ts';
import linksPlugin from './plugins/app/links.ts';
import metrics from './plugins/app/metrics.ts';
import redis from './plugins/app/redis.ts';
import requestContext from './plugins/app/request-context.ts';
import helmet from './plugins/external/helmet.ts';
import rateLimit from './plugins/external/rate-limit.ts';
import swagger, { swaggerUiPlugin } from './plugins/external/swagger.ts';
import tracing, { type TracingOptions } from './plugins/external/tracing.ts';
import linkRoutes from './routes/api/links/index.ts';
import healthRoutes from './routes/health/index.ts';
import metricsRoutes from './routes/metrics/index.ts';
import redirectRoutes from './routes/redirect/index.ts';
import { describeValidationErrors, validationFields } from './validation-messages.ts';

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
  await fastify.register(clientAddress);
  await fastify.register(hostHeader);
  await fastify.register(redis);
  await fastify.register(linksPlugin);
  await fastify.register(flagsPlugin);
  await fastify.register(apiKeyAuth);
  await fastify.register(swagger);

  // The API speaks JSON only: any other body type is a 415, not a string to validate.
  fastify.removeContentTypeParser('text/plain');
  fastify.setSchemaErrorFormatter((errors, dataVar) => new Error(describeValidationErrors(errors, dataVar)));

  // One error handler for the whole API: every error leaves as { statusCode, error, code,
  // message } (plus `fields` for a body that broke a rule). 4xx messages tell the client
  // what to fix; 5xx details stay in the log, never in the response.
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    if (statusCode >= 500) {
      request.log.error({ err: error, headers: request.headers }, 'request failed');
      if (statusCode === 503) reply.header('retry-after', '1');
    }
    return reply.code(statusCode).send(errorBody(statusCode, error));
  });
  fastify.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody(404, notFound(`No route for ${request.method} ${request.url}`))),
  );

  // Every response carries the security headers; the docs UI sets its own CSP on its routes.
  await fastify.register(helmet);
  await fastify.register(swaggerUiPlugin);
  await fastify.register(healthRoutes);
  await fastify.register(metricsRoutes);

  // Registration order does not matter for routing: static paths (/health, /api/...) always
  // win over the /:code parameter, see the routing regression test in test/app.test.ts. Each scope gets
  // the rate-limit store its routes need.
  await fastify.register(async function redirectScope(scope) {
    await scope.register(rateLimit, { shared: false });
    await scope.register(redirectRoutes);
  });
  await fastify.register(async function apiScope(api) {
    await api.register(rateLimit, { shared: true });
    await api.register(linkRoutes, { prefix: '/api/links' });
  });
}

/** The body of every error response (ApiError in @shortly/contracts). */
function errorBody(statusCode: number, error: FastifyError | HttpError): ApiError {
  const own = error instanceof HttpError ? error : undefined;
  const validation = (error as FastifyError).validation;
  const fields =
    own?.fields ??
    (validation && (error as FastifyError).validationContext === 'body' ? validationFields(validation) : undefined);
  return {
    statusCode,
    error: reasonPhrase(statusCode),
    code: own?.code ?? (validation ? 'invalid_request' : statusErrorCode(statusCode)),
    // A 5xx from anywhere but our own HttpError may carry internals: the log has them.
    message: statusCode < 500 || own ? error.message : 'Something went wrong on our side',
    ...(fields && { fields }),
  };
}
