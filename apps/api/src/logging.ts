import { type FastifyLoggerOptions, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { LoggerOptions } from 'pino';
import type { Config } from './env.ts';

export function loggerOptions(config: Config): FastifyLoggerOptions & LoggerOptions {
  return {
    level: config.logLevel,
    base: { service: 'shortly-api' },
    // Credentials never reach the log, whatever logs a request's headers.
    redact: {
      paths: ['headers.authorization', 'headers.cookie', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  };
}

// Q(obs-structured-logging): Why log JSON, and which fields should every line carry?
// One JSON line per request (not Fastify's two), with the request id, route template,
// status and duration: easy to ship to Loki/CloudWatch and to query by field. Probe routes
// log at warn level only, so health checks every few seconds do not drown the real traffic,
// and redirects at debug level (see below).
const DEBUG_OR_LOWER = new Set(['debug', 'trace']);

export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // A followed short link is logged at debug level: the web service's access log already has a
    // line for every redirect. Errors, 4xx and every other route stay at info.
    const redirected = !error && reply.statusCode >= 300 && reply.statusCode < 400;
    if (redirected && !DEBUG_OR_LOWER.has(reply.log.level)) return;
    const line = {
      method: request.method,
      url: request.url,
      route: request.routeOptions.url,
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      remoteAddress: request.ip,
      userAgent: request.headers['user-agent'],
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (redirected) reply.log.debug(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }
}
