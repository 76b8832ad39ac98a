import fp from 'fastify-plugin';
import { LinkStore } from '../../links/link-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    links: LinkStore;
  }
}

export default fp(
  async function linkStorePlugin(fastify) {
    fastify.decorate('links', new LinkStore(fastify.redis, fastify.metrics.observeStore));
  },
  { name: 'link-store', dependencies: ['redis', 'metrics'] },
);
