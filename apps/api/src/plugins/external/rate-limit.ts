import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { RateLimitCounters } from '../../config.ts';
import { HttpError } from '../../errors.ts';
import { SyncedCounters } from '../../rate-limit/synced-counters.ts';
import { windowCounterStore } from '../../rate-limit/window-counters.ts';

export interface RateLimitOptions {
  counters: RateLimitCounters;
  /**
   * The x-ratelimit-* headers only on a 429: a browser following a short link never reads
   * them, and on the redirect path they were three headers on every response.
   */
  headersOnlyWhenLimited: boolean;
}

const NAMESPACE = 'shortly:ratelimit:';

// Q(scaling-stateless-design): Why must replicas be stateless, and where does shared state go?
// Limits count in Redis: with three replicas, in-memory counters would allow three times
// the limit, and a restart would reset them. `shared` adds every request to Redis as it
// comes, one INCR (rate-limit/window-counters.ts): an exact count, used for the strict API
// limits. The loose redirect limit is `synced` by default: still one limit for all
// replicas, but counted in memory and added to Redis in batches
// (rate-limit/synced-counters.ts), because a round trip on every redirect cost a fifth of
// its throughput (bench/README.md). `replica` keeps counts per process. Routes opt in with
// their own rule.
export default fp<RateLimitOptions>(
  async function rateLimitPlugin(fastify, { counters, headersOnlyWhenLimited }) {
    let store: Parameters<typeof rateLimit>[1]['store'];
    if (counters === 'synced') {
      const synced = new SyncedCounters(fastify.redis, {
        namespace: NAMESPACE,
        syncIntervalMs: fastify.config.rateLimit.syncIntervalMs,
        onSyncHealthChange: (error) =>
          error
            ? fastify.log.warn(
                { err: error },
                'rate-limit counts not synced: each replica limits on its own until Redis answers',
              )
            : fastify.log.info('rate-limit counts synced again'),
      });
      fastify.addHook('onClose', async () => synced.stop());
      store = synced.store();
    } else if (counters === 'shared') {
      store = windowCounterStore(fastify.redis, NAMESPACE);
    }
    await fastify.register(rateLimit, {
      global: false,
      // While Redis is down, let requests through: the store answers 503 on its own,
      // and a limiter outage must not turn into a full outage of what still works.
      ...(counters === 'shared' && { skipOnError: true }),
      ...(store && { store }),
      ...(headersOnlyWhenLimited && {
        addHeadersOnExceeding: {
          'x-ratelimit-limit': false,
          'x-ratelimit-remaining': false,
          'x-ratelimit-reset': false,
        },
      }),
      // `after` is the time left until the window resets, not the window's length.
      errorResponseBuilder: (request, context) => {
        const rule = request.routeOptions.config.rateLimit;
        const window = rule && typeof rule.timeWindow === 'number' ? ` per ${rule.timeWindow / 1000} s` : '';
        return new HttpError(
          429,
          `Rate limit exceeded: at most ${context.max} requests${window}; retry in ${context.after}`,
        );
      },
    });
  },
  { name: 'rate-limit', dependencies: ['redis', 'config'] },
);
