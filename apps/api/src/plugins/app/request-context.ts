import fp from 'fastify-plugin';

// Q(obs-correlation-ids): How does one id tie a request together across the proxy and app logs?
// Every request has an id: the proxy's X-Request-Id when one came in (see server.ts), a new
// UUID otherwise. It is echoed in the response and is on every log line of the request, so
// a user's error report, the Nginx access log and the app log line up. X-Shortly-Version
// says which release answered: during a canary, the split shows in the responses.
export default fp(
  async function requestContextPlugin(fastify) {
    const { version } = fastify.config;
    // Callback style, as the other hooks on the hot path: an async hook costs a promise per request.
    fastify.addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id);
      reply.header('x-shortly-version', version);
      done();
    });
  },
  { name: 'request-context', dependencies: ['config'] },
);
