import type { FastifyRateLimitStore } from '@fastify/rate-limit';

/**
 * The key prefix of a route's counters: its path, not its method, so that a GET and its
 * automatic HEAD twin share one budget (the library's own stores count them apart, doubling
 * a client's limit).
 */
export function routeCounterPrefix(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): string {
  // The plugin passes the merged limit options, the route itself under routeInfo.
  const { routeInfo } = routeOptions as unknown as { routeInfo: { url?: unknown } };
  return `${String(routeInfo.url ?? '')}-`;
}
