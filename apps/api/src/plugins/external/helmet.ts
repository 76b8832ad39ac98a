import fastifyHelmet from '@fastify/helmet';
import fp from 'fastify-plugin';

// Q(security-http-headers): Which HTTP security headers should every response carry?
// A CSP that allows nothing (the API serves no page; /docs sets its own), HSTS,
// frame-ancestors and X-Frame-Options, nosniff, Referrer-Policy and cross-origin isolation.
// Headers for browsers long gone stay off: X-XSS-Protection (its filter leaked data),
// X-Download-Options, X-Permitted-Cross-Domain-Policies, X-DNS-Prefetch-Control.
export default fp(
  async function helmetPlugin(fastify) {
    await fastify.register(fastifyHelmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'none'"],
        },
      },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      xXssProtection: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xDnsPrefetchControl: false,
      originAgentCluster: false,
    });
  },
  { name: 'helmet' },
);
