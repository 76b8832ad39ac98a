import fastifyHelmet from '@fastify/helmet';
import fp from 'fastify-plugin';

// Q(security-http-headers): Which HTTP security headers should every response carry?
// A CSP that allows nothing (the API serves no page; /docs sets its own), HSTS where users
// come over HTTPS, frame-ancestors and X-Frame-Options, nosniff, Referrer-Policy and
// cross-origin isolation. Off: X-XSS-Protection (its filter leaked data), and headers for
// browsers long gone (X-Download-Options, X-Permitted-Cross-Domain-Policies...).
export default fp(
  async function helmetPlugin(fastify) {
    // Browsers ignore HSTS over plain HTTP (a Compose host on port 80): send it only when
    // the public origin is HTTPS, so no response claims a TLS that is not there.
    const https = fastify.config.publicBaseUrl.startsWith('https:');
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
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
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
  { name: 'helmet', dependencies: ['config'] },
);
