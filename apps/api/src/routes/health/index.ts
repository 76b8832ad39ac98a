import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StoreUnavailableError } from '../../links/link-store.ts';
import { livenessSchema, readinessSchema } from './schema.ts';

const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // Q(health-liveness-readiness): What is the difference between a liveness and a readiness check?
  // Liveness asks "is this process able to work at all?" and never looks at Redis: if it did,
  // a Redis outage would make the orchestrator restart every healthy replica, which fixes
  // nothing and adds a restart storm. A failed liveness check means "restart me".
  fastify.get('/health', { schema: livenessSchema, logLevel: 'warn' }, async () => ({ status: 'ok' as const }));

  // Q(health-endpoint): What should a health endpoint check, and when should it answer 503?
  // Readiness asks "should traffic come here now?": no while Redis takes no small write in
  // time (down, full, or a read-only replica that still answers PING), and no from the first
  // shutdown signal on, so Kubernetes takes the pod out of its Service before it stops. nginx
  // OSS in Compose never polls it; there the api's drain and nginx's retry do that job.
  fastify.get('/ready', { schema: readinessSchema, logLevel: 'warn' }, async (_request, reply) => {
    const shutdown = fastify.lifecycle.draining ? 'shutting down' : 'ok';
    let redis = 'ok';
    try {
      await fastify.links.probe();
    } catch (error) {
      const reason = error instanceof StoreUnavailableError ? error.reason : 'unreachable';
      redis = reason === 'unreachable' ? reason : `refuses writes (${reason})`;
    }
    const ready = redis === 'ok' && shutdown === 'ok';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: { redis, shutdown } });
  });
};

export default healthRoutes;
