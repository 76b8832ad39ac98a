import { type FastifyLoggerOptions, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { destination, type LoggerOptions } from 'pino';
import type { Config } from './config.ts';

/** Most a line waits in the buffer before it is written, and the buffer's size. */
export const LOG_FLUSH_INTERVAL_MS = 1000;
const LOG_BUFFER_BYTES = 4096;

// Lines go to stdout, where the runtime's log driver or a node agent picks them up, in
// 4 KiB chunks written at least once a second: one write per line (pino's default) cost
// about 5% of a create's CPU in the benchmark (bench/README.md). The writes are
// synchronous, pino's default too: a log reader that falls behind slows the app down (a
// full pipe blocks the write), where pino's asynchronous stream would hold the lines in a
// buffer with no bound until the heap limit kills the process, and lose them all. The
// asynchronous stream also cost more per line: while a write is in flight, it appends each
// line to one string of up to 16 KiB and measures its length again (5 µs a line against
// 3 µs, bench/README.md). process.exit() and a graceful stop flush the buffer; a SIGKILL
// or an OOM kill loses at most the last second of lines.
/** fd: stdout unless a test gives another file. */
export function bufferedStdout(fd = 1): ReturnType<typeof destination> {
  const stream = destination({
    dest: fd,
    sync: true,
    minLength: LOG_BUFFER_BYTES,
    periodicFlush: LOG_FLUSH_INTERVAL_MS,
  });
  // pino flushes on exit only the streams it writes asynchronously.
  process.once('exit', () => {
    try {
      stream.flushSync();
    } catch {
      // stdout is closed: there is nowhere left to write the lines to.
    }
  });
  return stream;
}

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
    // A followed short link is logged at debug level: the edge's access log already has a
    // line for every redirect, and building and writing a second one cost a fifth of the
    // redirect path's throughput in the benchmark. Errors, 4xx and every other route
    // stay at info.
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
