import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { startInOneRateLimitWindow } from '@shortly/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { windowCounterStore } from '../../src/rate-limit/window-counters.ts';
import { redisUrlForDatabase, uniqueAlias } from '../helpers/app.ts';
import { countIn, replicaConnections, routeOptions } from '../helpers/rate-limit-store.ts';

const REDIS_URL = redisUrlForDatabase(14);
const MINUTE = 60_000;

let redis: Redis;
const connections = replicaConnections(REDIS_URL);
let namespace: string;

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  await redis.flushdb();
});
beforeEach(() => {
  namespace = `${uniqueAlias('wc')}:`;
});
afterEach(async () => {
  await connections.closeAll();
});
afterAll(() => redis.quit());

/** One replica's store for a route, on its own connection like a real replica. */
async function replicaStore(method = 'POST', url = '/api/links'): Promise<FastifyRateLimitStore> {
  const Store = windowCounterStore(await connections.connect(), namespace);
  return new Store({}).child(routeOptions(method, url));
}

const counterKey = (url: string, client: string, windowMs: number, at = Date.now()) =>
  `${namespace}${url}-${client}:${Math.floor(at / windowMs)}`;

describe('windowCounterStore', () => {
  it('counts every request in Redis at once, one count for all replicas', async () => {
    await startInOneRateLimitWindow(MINUTE, 5000);
    const [first, second] = await Promise.all([replicaStore(), replicaStore()]);
    const counts: number[] = [];
    for (const store of [first, second, first, second, second])
      counts.push((await countIn(store, '192.0.2.1', MINUTE)).current);
    expect(counts).toEqual([1, 2, 3, 4, 5]);
    expect(await redis.get(counterKey('/api/links', '192.0.2.1', MINUTE))).toBe('5');
    // Another client has its own count.
    expect((await countIn(first, '192.0.2.2', MINUTE)).current).toBe(1);
  });

  it('gives each of many concurrent requests from two replicas its own count, none lost', async () => {
    await startInOneRateLimitWindow(MINUTE, 5000);
    const stores = await Promise.all([replicaStore(), replicaStore()]);
    const counts = await Promise.all(
      Array.from({ length: 200 }, (_, i) => countIn(stores[i % 2] as FastifyRateLimitStore, '192.0.2.3', MINUTE)),
    );
    expect(counts.map((count) => count.current).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
  });

  it('answers the time left in the window, which its key outlives by the clock-skew allowance', async () => {
    await startInOneRateLimitWindow(MINUTE, 5000);
    const store = await replicaStore();
    const before = Date.now();
    const { ttl } = await countIn(store, '192.0.2.4', MINUTE);
    const windowEnd = (Math.floor(before / MINUTE) + 1) * MINUTE;
    expect(ttl).toBeGreaterThan(windowEnd - Date.now() - 5);
    expect(ttl).toBeLessThanOrEqual(windowEnd - before);

    const key = counterKey('/api/links', '192.0.2.4', MINUTE, before);
    let keyTtl = -1;
    // The expiry is set once the first count is back, so it is an instant behind the count.
    for (let i = 0; i < 50 && keyTtl < 0; i++) {
      keyTtl = await redis.pttl(key);
      if (keyTtl < 0) await sleep(5);
    }
    expect(keyTtl).toBeGreaterThan(windowEnd + 1000 - Date.now() - 50);
    expect(keyTtl).toBeLessThanOrEqual(windowEnd + 1000 - Date.now() + 5);
    // A later count does not touch the expiry.
    await redis.pexpire(key, 30 * MINUTE);
    await countIn(store, '192.0.2.4', MINUTE);
    expect(await redis.pttl(key)).toBeGreaterThan(29 * MINUTE);
  });

  it('starts again at 1 when the next window begins, under a key of its own', async () => {
    const store = await replicaStore();
    await startInOneRateLimitWindow(200, 150);
    const firstWindowAt = Date.now();
    await countIn(store, '192.0.2.5', 200);
    expect((await countIn(store, '192.0.2.5', 200)).current).toBe(2);
    await sleep(200 - (Date.now() % 200) + 5);
    expect((await countIn(store, '192.0.2.5', 200)).current).toBe(1);
    expect(await redis.get(counterKey('/api/links', '192.0.2.5', 200, firstWindowAt))).toBe('2');
  });

  it('gives a GET and its HEAD twin one budget, and other routes their own', async () => {
    await startInOneRateLimitWindow(MINUTE, 5000);
    const Store = windowCounterStore(await connections.connect(), namespace);
    const store = new Store({});
    await countIn(store.child(routeOptions('GET', '/api/links/:code')), '192.0.2.6', MINUTE);
    expect((await countIn(store.child(routeOptions('HEAD', '/api/links/:code')), '192.0.2.6', MINUTE)).current).toBe(2);
    expect((await countIn(store.child(routeOptions('POST', '/api/links')), '192.0.2.6', MINUTE)).current).toBe(1);
  });

  it('reports an error, not a count, while Redis is unreachable', async () => {
    const client = await connections.connect();
    const store = new (windowCounterStore(client, namespace))({}).child(routeOptions('POST', '/api/links'));
    client.disconnect();
    await expect(countIn(store, '192.0.2.7', MINUTE)).rejects.toThrow();
  });
});
