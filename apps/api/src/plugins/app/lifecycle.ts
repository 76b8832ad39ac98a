import fp from 'fastify-plugin';

export interface Lifecycle {
  /** True from the first shutdown signal on: readiness answers 503 so traffic moves away. */
  readonly draining: boolean;
  beginDrain(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: Lifecycle;
  }
}

export default fp(
  async function lifecyclePlugin(fastify) {
    let draining = false;
    fastify.decorate('lifecycle', {
      get draining() {
        return draining;
      },
      beginDrain() {
        draining = true;
      },
    });
  },
  { name: 'lifecycle' },
);
