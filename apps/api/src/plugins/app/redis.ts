import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { Gauge } from 'prom-client';
import { StartupError } from '../../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis;
  }
}

/** How long startup waits for a first connection before giving up with advice. */
const STARTUP_CONNECT_TIMEOUT_MS = 5000;

export function describeRedisUrl(redisUrl: string): string {
  const url = new URL(redisUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

export function adviceFor(error: Error & { code?: string }): string {
  const text = `${error.code ?? ''} ${error.message}`;
  if (/WRONGPASS|NOAUTH|invalid username-password/i.test(text)) {
    return 'Redis refused the credentials: check the password (and user) in REDIS_URL, e.g. redis://:PASSWORD@redis:6379';
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) {
    return 'the host name does not resolve: check the host in REDIS_URL (in Compose it is the service name, "redis")';
  }
  if (/ECONNREFUSED/.test(text)) {
    return 'nothing listens there: start Redis (docker compose up -d redis, or redis-server) or fix the port in REDIS_URL';
  }
  return 'check that Redis is running and reachable, and that REDIS_URL (rediss:// for TLS) is right';
}

/** Resolves on the first ready connection; rejects with the last error once the time is up. */
function waitUntilReady(redis: Redis, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let lastError = new Error('no answer');
    const onError = (error: Error) => {
      lastError = error;
    };
    const onReady = () => {
      stop();
      resolve();
    };
    const timer = setTimeout(() => {
      stop();
      reject(lastError);
    }, timeoutMs);
    function stop() {
      clearTimeout(timer);
      redis.off('error', onError);
      redis.off('ready', onReady);
    }
    redis.on('error', onError);
    redis.once('ready', onReady);
    // A refused first attempt is retried by retryStrategy; the timer decides when to give up.
    redis.connect().catch(() => undefined);
  });
}

// Q(app-circuit-breaker): How do you keep one broken dependency from cascading into an outage?
// Fail fast and recover alone. The offline queue is off and every command has a deadline,
// so while Redis is down a request gets 503 in well under a second instead of hanging and
// piling up memory; ioredis keeps reconnecting with capped backoff and the service serves
// again as soon as Redis is back, without a restart.
export default fp(
  async function redisPlugin(fastify) {
    const { redisUrl, redisCommandTimeoutMs } = fastify.config;
    // Q(scaling-connection-pooling): How does connection pooling work when many replicas scale out on one Redis?
    // One connection per replica: Redis is single-threaded, so more connections would add
    // overhead, not throughput. Commands are pipelined on it: each is written without waiting
    // for the replies to earlier ones, and auto-pipelining sends the commands of one
    // event-loop turn in one write.
    const redis = new Redis(redisUrl, {
      lazyConnect: true,
      connectionName: 'shortly-api',
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      commandTimeout: redisCommandTimeoutMs,
      // Redis is on the same network: an attempt that has not connected in a second is
      // going to an address that is gone (a replaced container), not to a slow server.
      connectTimeout: 1000,
      maxRetriesPerRequest: 1,
      // Q(app-retry-backoff): How do you retry a flaky connection without hammering it?
      // Exponential backoff capped at 1 s, with full jitter: each wait is random up to the cap, so
      // replicas that lost Redis together do not reconnect in lockstep and hit it all at once when
      // it returns. Back within about a second of Redis, at most one attempt a second per replica.
      retryStrategy: (attempt) => Math.round(Math.random() * Math.min(50 * 2 ** attempt, 1000)),
    });

    redis.on('error', (error: Error) => fastify.log.warn({ err: error }, 'redis connection error'));
    redis.on('ready', () => fastify.log.info('redis connection ready'));

    try {
      await waitUntilReady(redis, STARTUP_CONNECT_TIMEOUT_MS);
    } catch (error) {
      redis.disconnect();
      const cause = error as Error & { code?: string };
      throw new StartupError(
        `Cannot connect to Redis at ${describeRedisUrl(redisUrl)} within ${STARTUP_CONNECT_TIMEOUT_MS / 1000} s ` +
          `(${cause.message}): ${adviceFor(cause)}.`,
      );
    }

    new Gauge({
      name: 'shortly_redis_up',
      help: '1 while the connection to Redis is ready, 0 while it is down or reconnecting.',
      registers: [fastify.metrics.registry],
      collect() {
        this.set(redis.status === 'ready' ? 1 : 0);
      },
    });

    fastify.decorate('redis', redis);
    // Closed last: Fastify runs onClose hooks after in-flight requests have finished.
    fastify.addHook('onClose', async () => {
      await redis.quit();
      fastify.log.info('redis connection closed');
    });
  },
  { name: 'redis', dependencies: ['config', 'metrics'] },
);
