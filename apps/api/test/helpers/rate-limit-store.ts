import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { Redis } from 'ioredis';

/** A client that fails fast while disconnected, like the service's (plugins/app/redis.ts). */
export async function connectLikeTheService(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** The options @fastify/rate-limit passes to a store's child(): the merged limit, the route under routeInfo. */
export const routeOptions = (method: string, url: string) =>
  ({ routeInfo: { method, url } }) as unknown as Parameters<FastifyRateLimitStore['child']>[0];

/** One count through the store interface, as the plugin makes it for each request. */
export const countIn = (store: FastifyRateLimitStore, key: string, windowMs: number) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) =>
    store.incr(key, (error, result) => (error || !result ? reject(error) : resolve(result)), windowMs, 10),
  );
