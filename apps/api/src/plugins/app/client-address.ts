import { isIP } from 'node:net';
import fp from 'fastify-plugin';

// Q(nginx-proxy-headers): Which headers must Nginx pass so the app sees the real client?
// X-Forwarded-For, which the api believes only as far as TRUST_PROXY says. A client that
// reaches the api around the proxy can write anything there: a forwarded "address" that
// is not an IP address is dropped, and the client is the socket's peer. Rate-limit keys
// (the client address) then stay addresses: bounded in size, and no new key per request.
export default fp(
  async function clientAddressPlugin(fastify) {
    if (!fastify.config.trustProxy) return;
    fastify.addHook('onRequest', (request, _reply, done) => {
      if (isIP(request.ip) === 0) delete request.raw.headers['x-forwarded-for'];
      done();
    });
  },
  { name: 'client-address', dependencies: ['config'] },
);
