import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { HttpError } from '../../errors.ts';

export interface RateLimitOptions {
  /** Count in Redis, one limit for every replica; otherwise in this process's memory. */
  shared: boolean;
}

// Q(scaling-stateless-design): Why must replicas be stateless, and where does shared state go?
// The API's limits count in Redis, shared by every replica: in-memory counters would let
// three replicas allow three times the limit, and reset on restart. The redirect's abuse
// guard counts in memory on purpose (no Redis round trip on the hot path); the per-client
// limit of the whole service belongs at the entry (nginx limit_req, the Gateway).
export default fp<RateLimitOptions>(
  async function rateLimitPlugin(fastify, { shared }) {
    await fastify.register(rateLimit, {
      global: false,
      ...(shared && {
        redis: fastify.redis,
        nameSpace: 'shortly:ratelimit:',
        // While Redis is down, let requests through: the routes answer 503 on their own,
        // and a limiter outage must not turn into an outage of what still works.
        skipOnError: true,
      }),
      // The x-ratelimit-* headers on a redirect only once it is limited: a browser following
      // a short link never reads them.
      ...(!shared && {
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
          { code: 'rate_limited' },
        );
      },
    });
  },
  { name: 'rate-limit', dependencies: ['redis', 'config'] },
);
