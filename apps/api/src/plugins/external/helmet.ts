import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import fp from 'fastify-plugin';
import helmet from 'helmet';

// Q(security-http-headers): Which HTTP security headers should every response carry?
// The ones that still matter: a Content-Security-Policy that allows nothing (this API
// serves no page; /docs brings its own policy), HSTS, frame-ancestors and X-Frame-Options
// against clickjacking, nosniff, a Referrer-Policy and cross-origin isolation. Headers for
// browsers long gone are off: X-XSS-Protection (its filter caused leaks and is removed
// from browsers), X-Download-Options (IE8), X-Permitted-Cross-Domain-Policies (Flash),
// X-DNS-Prefetch-Control and Origin-Agent-Cluster. Redirects carry only the two that act
// on a response without a body (see plugins/app/security-headers).
export const SECURITY_HEADERS = {
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
} satisfies FastifyHelmetOptions;

/**
 * The headers helmet sets with SECURITY_HEADERS, read once from its middleware: without CSP
 * nonces they are the same for every response, so a hot path can set them as constants
 * instead of running the middleware (or @fastify/helmet's per-request hooks) each time.
 */
export function securityHeaderValues(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string) {
      headers[name.toLowerCase()] = value;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(SECURITY_HEADERS)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return Object.freeze(headers);
}

/** @fastify/helmet for the scope it is registered in: every route but the redirect and the JSON API (app.ts). */
export default fp(
  async function helmetPlugin(fastify) {
    await fastify.register(fastifyHelmet, SECURITY_HEADERS);
  },
  { name: 'helmet' },
);
