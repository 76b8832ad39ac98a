import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const metricsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // Not for the public: the web nginx refuses /metrics; Prometheus scrapes each replica directly.
  fastify.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    const { registry } = fastify.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};

export default metricsRoutes;
