import { randomUUID } from 'node:crypto';
import { Server as NetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import app, { type AppOptions } from './app.ts';
import { type Config, loadConfig } from './env.ts';
import { StartupError } from './errors.ts';
import { loggerOptions, RequestLogController } from './logging.ts';

/** How long connections accepted just before the listener closed get to send their request. */
const ACCEPTED_CONNECTION_GRACE_MS = 1000;

/** A proxy's request id is reused only when it looks like one; anything else gets a fresh UUID. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** extras: the app's options other than config (the tests' span exporter). */
export function createServer(config: Config, logger = loggerOptions(config), extras: Omit<AppOptions, 'config'> = {}) {
  const server = Fastify({
    logger,
    logController: new RequestLogController(),
    requestIdHeader: false,
    genReqId: (request) => {
      const id = request.headers['x-request-id'];
      return typeof id === 'string' && REQUEST_ID.test(id) ? id : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 16 * 1024,
    // Q(security-defense-in-depth): Which security controls does a containerised app need, from build to network?
    // Limits on every resource a client can hold, time included: a request whose headers
    // or body never finish arriving gets a 408 after REQUEST_TIMEOUT_MS, so slow clients
    // cannot keep connections (and memory) forever. Node checks once a second.
    requestTimeout: config.requestTimeoutMs,
    // requireHostHeader off: Node's own answer to a request without Host is a bodiless 400;
    // the host-header plugin answers it in the API's JSON instead.
    http: { headersTimeout: config.requestTimeoutMs, connectionsCheckingInterval: 1000, requireHostHeader: false },
    // The router's limit on a path parameter answers 414 on its own terms; a code longer
    // than any alias is simply unknown (404), decided by the route.
    routerOptions: { maxParamLength: 2048 },
    // Longer than the proxy's idle timeout (Nginx upstream keepalive, the ALB's 60 s): if the
    // app closed an idle connection just as the proxy reused it, that request would get a 502.
    keepAliveTimeout: 65_000,
    // A connection accepted just before the listener closed still gets its answer: the
    // service works until close() completes, and a 503 there would fail a request that
    // the load balancer could no longer send elsewhere.
    return503OnClosing: false,
    // Unknown fields are refused with a 400 rather than silently dropped, and a number
    // where a string belongs is an error, not something to coerce.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  server.register(fp(app), { ...extras, config });
  return server;
}

function exitWithAdvice(message: string): never {
  process.stderr.write(`shortly-api cannot start: ${message}\n`);
  process.exit(1);
}

type ShortlyServer = ReturnType<typeof createServer>;

/**
 * Stops taking connections in two steps, because closing idle connections at the moment the
 * listener closes (what http.Server.close does) resets a connection that was accepted an
 * instant earlier and whose request is still on its way: the proxy then answers 502, and
 * cannot retry a POST. So: close the listener only, let accepted connections speak, close
 * the ones that stayed silent, wait for the rest to be answered, then close Fastify (whose
 * onClose hooks write the last visit counts and close Redis).
 */
async function stopAcceptingThenClose(server: ShortlyServer): Promise<void> {
  const http = server.server;
  const allConnectionsClosed = new Promise<void>((resolve) => {
    NetServer.prototype.close.call(http, () => resolve());
  });
  await sleep(ACCEPTED_CONNECTION_GRACE_MS);
  http.closeIdleConnections();
  await allConnectionsClosed;
  await server.close();
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    exitWithAdvice((error as Error).message);
  }
  const server = createServer(config);

  // Q(graceful-shutdown): How does the api shut down gracefully on SIGTERM without dropping requests?
  // On SIGTERM (docker stop, a rolling update) readiness turns 503 at once, then the
  // service keeps serving for SHUTDOWN_DELAY_MS while load balancers notice, then it stops
  // accepting, lets in-flight requests finish, and closes Redis last. If that takes longer
  // than delay + SHUTDOWN_TIMEOUT_MS, or a second signal comes, it exits at once.
  closeWithGrace(
    {
      delay: config.shutdownDelayMs + config.shutdownTimeoutMs,
      logger: { error: (message: string) => server.log.error(message) },
    },
    async ({ signal, err }) => {
      if (err) server.log.error({ err }, 'closing after an unexpected error');
      else server.log.info({ signal, drainMs: config.shutdownDelayMs }, 'shutdown signal received: draining');
      server.lifecycle.beginDrain();
      if (err) {
        await server.close();
      } else {
        await sleep(config.shutdownDelayMs);
        await stopAcceptingThenClose(server);
      }
      server.log.info('server closed');
    },
  );

  try {
    await server.listen({ port: config.port, host: config.host });
  } catch (error) {
    if (error instanceof StartupError) exitWithAdvice(error.message);
    throw error;
  }
}

if (import.meta.main) await main();
