import fastifyHelmet from '@fastify/helmet';
import fp from 'fastify-plugin';

// Q(security-http-headers): Which HTTP security headers should every response carry?
// The ones that still matter: a Content-Security-Policy that allows nothing (this API
// serves no page; /docs brings its own policy), HSTS, frame-ancestors and X-Frame-Options
// against clickjacking, nosniff, a Referrer-Policy and cross-origin isolation. Headers for
// browsers long gone are off: X-XSS-Protection (its filter caused leaks and is removed
// from browsers), X-Download-Options (IE8), X-Permitted-Cross-Domain-Policies (Flash),
// X-DNS-Prefetch-Control and Origin-Agent-Cluster.
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
