import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { HttpError } from '../../errors.ts';

export interface RateLimitOptions {
  /** Where the counters live: Redis, shared by every replica, or this process's memory. */
  counters: 'shared' | 'replica';
}

// Q(scaling-stateless-design): Why must replicas be stateless, and where does shared state go?
// Limits count in Redis: with three replicas, in-memory counters would allow three times
// the limit, and a restart would reset them. The loose redirect limit can count per replica
// instead (RATE_LIMIT_REDIRECT_COUNTERS=replica): it only caps abuse, and its Redis round
// trip on every redirect halves the redirect throughput (bench/README.md). Routes opt in
// with their own rule.
export default fp<RateLimitOptions>(
  async function rateLimitPlugin(fastify, { counters }) {
    await fastify.register(rateLimit, {
      global: false,
      ...(counters === 'shared'
        ? {
            redis: fastify.redis,
            nameSpace: 'shortly:ratelimit:',
            // While Redis is down, let requests through: the store answers 503 on its own,
            // and a limiter outage must not turn into a full outage of what still works.
            skipOnError: true,
          }
        : {
            // Counted per replica for the redirect path, answered by the million: the limit
            // headers go only on a 429.
            addHeadersOnExceeding: {
              'x-ratelimit-limit': false,
              'x-ratelimit-remaining': false,
              'x-ratelimit-reset': false,
            },
          }),
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, `Rate limit exceeded: at most ${context.max} requests per ${context.after}; retry later`),
    });
  },
  { name: 'rate-limit', dependencies: ['redis'] },
);
