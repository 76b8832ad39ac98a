import { ALIAS_PATTERN } from '@shortly/contracts';
import { invalidField } from '../errors.ts';

// Q(app-route-ordering): Why did /health return 500 when a catch-all /{code} route existed?
// In seed 001 the generic route was declared before /health and swallowed it. Here two
// things make that impossible: Fastify's radix-tree router always prefers a static
// segment over a parameter, whatever the registration order (see the regression test
// in test/app.test.ts), and no code or alias may equal a path the
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

const CODE_SHAPE = new RegExp(ALIAS_PATTERN);

/** Whether a path segment can name a link at all; anything else is a 404 without a lookup. */
export function isPossibleCode(code: string): boolean {
  return CODE_SHAPE.test(code) && !isReservedCode(code);
}

/** Refuses an alias that equals a reserved path (the schema has checked its shape). */
export function assertAliasAllowed(alias: string): void {
  if (isReservedCode(alias)) {
    throw invalidField(
      'alias',
      'alias_reserved',
      `alias "${alias}" is reserved: it is a path of the service or the web app`,
    );
  }
}
