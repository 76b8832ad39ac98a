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

    // While draining, every response asks the client to close its keep-alive connection:
    // proxies then open their next connection to another replica, and no idle connection
    // is left to hold the process open until its keep-alive timeout.
    // Callback style: an async hook would cost a promise on every response.
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (draining) reply.header('connection', 'close');
      done(null, payload);
    });
  },
  { name: 'lifecycle' },
);
