import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { HttpError } from '../../errors.ts';

// Q(scaling-stateless-design): Why must replicas be stateless, and where does shared state go?
// With three replicas, in-memory counters would allow three times the limit, and a restart
// would reset them. The counters are in Redis, so every replica enforces one shared limit.
// Routes opt in with their own rule (tight on create, loose on redirects).
export default fp(
  async function rateLimitPlugin(fastify) {
    await fastify.register(rateLimit, {
      global: false,
      redis: fastify.redis,
      nameSpace: 'shortly:ratelimit:',
      // While Redis is down, let requests through: the store answers 503 on its own, and a
      // limiter outage must not turn into a full outage of reads that may still work.
      skipOnError: true,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, `Rate limit exceeded: at most ${context.max} requests per ${context.after}; retry later`),
    });
  },
  { name: 'rate-limit', dependencies: ['redis'] },
);
