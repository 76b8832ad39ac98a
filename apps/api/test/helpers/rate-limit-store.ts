import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { Redis } from 'ioredis';

/**
 * Each replica's own Redis connection, failing fast while disconnected like the service's
 * client (plugins/app/redis.ts); `closeAll()` after each test.
 */
export function replicaConnections(url: string) {
  const clients: Redis[] = [];
  return {
    async connect(): Promise<Redis> {
      const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
      client.on('error', () => undefined);
      clients.push(client);
      await client.connect();
      return client;
    },
    closeAll: () => Promise.all(clients.splice(0).map((client) => client.quit().catch(() => client.disconnect()))),
  };
}

/** The options @fastify/rate-limit passes to a store's child(): the merged limit, the route under routeInfo. */
export const routeOptions = (method: string, url: string) =>
  ({ routeInfo: { method, url } }) as unknown as Parameters<FastifyRateLimitStore['child']>[0];

/** One count through the store interface, as the plugin makes it for each request. */
export const countIn = (store: FastifyRateLimitStore, key: string, windowMs: number) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) =>
    store.incr(key, (error, result) => (error || !result ? reject(error) : resolve(result)), windowMs, 10),
  );
