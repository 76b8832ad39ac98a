import fp from 'fastify-plugin';
import { securityHeaderValues } from '../external/helmet.ts';

// Q(security-http-headers): Which security headers do the API's responses and its redirects need, cheaply?
// helmet's values are constants (no CSP nonces), so they are read from helmet once and set
// in one callback hook, on the two busiest scopes: the redirect and the JSON API.
// @fastify/helmet runs two hooks per request, one of them async: the largest single cost in
// the redirect's profile, 3-12% of a create's CPU (bench/README.md). A 3xx has no body a
// browser renders, so CSP, frame, nosniff and cross-origin headers do nothing on it; HSTS
// (a shortener's domain is mostly seen through redirects) and Referrer-Policy (it governs
// the redirected request) do. Every other response gets them all.
export default fp(
  async function securityHeadersPlugin(fastify) {
    const documentHeaders = securityHeaderValues();
    const redirectHeaders = {
      'strict-transport-security': documentHeaders['strict-transport-security'],
      'referrer-policy': documentHeaders['referrer-policy'],
    };
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      const redirected = reply.statusCode >= 300 && reply.statusCode < 400;
      reply.headers(redirected ? redirectHeaders : documentHeaders);
      done(null, payload);
    });
  },
  { name: 'security-headers' },
);
