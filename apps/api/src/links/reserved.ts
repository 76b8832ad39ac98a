// Q(app-route-ordering): Why did /health return 500 when a catch-all /{code} route existed?
// In seed 001 the generic route was declared before /health and swallowed it. Here two
// things make that impossible: Fastify's radix-tree router always prefers a static
// segment over a parameter, whatever the registration order (see the regression test
// in test/routes/route-ordering.test.ts), and no code or alias may equal a path the
// service or the web app owns, so a link can never shadow one either.
const RESERVED_PATHS = [
  'health',
  'ready',
  'metrics',
  'docs',
  'api',
  'index.html',
  'assets',
  'favicon.ico',
  'robots.txt',
] as const;

const reserved = new Set<string>(RESERVED_PATHS);

/** True when a code would collide with a path of the service or the web app, in any letter case. */
export function isReservedCode(code: string): boolean {
  return reserved.has(code.toLowerCase());
}

export { RESERVED_PATHS };
