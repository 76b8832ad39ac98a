import fp from 'fastify-plugin';
import { securityHeaderValues } from '../external/helmet.ts';

// Q(security-http-headers): How do the security headers stay cheap on the busiest JSON routes?
// helmet's values are constants (no CSP nonces), so they are read from helmet once and set
// in one callback hook. @fastify/helmet runs two hooks per request, one of them async: 3-12%
// of a create's CPU (bench/README.md). Registered in a scope, it applies to that scope's routes.
export default fp(
  async function securityHeadersPlugin(fastify) {
    const headers = securityHeaderValues();
    fastify.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security-headers' },
);
