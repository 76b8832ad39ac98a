import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

// Q(security-http-headers): Which HTTP security headers should every response carry?
// helmet sets them all: a strict Content-Security-Policy (this API serves no scripts of its
// own; /docs brings its own policy), HSTS, X-Frame-Options/frame-ancestors against
// clickjacking, nosniff, and a Referrer-Policy.
export default fp(
  async function helmetPlugin(fastify) {
    await fastify.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'none'"],
          imgSrc: ["'self'", 'data:'],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'none'"],
        },
      },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    });
  },
  { name: 'helmet' },
);
