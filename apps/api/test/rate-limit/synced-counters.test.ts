import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SyncedCounters, type SyncedCountersOptions } from '../../src/rate-limit/synced-counters.ts';
import { redisUrlForDatabase, uniqueAlias } from '../helpers/app.ts';
import { countIn, replicaConnections, routeOptions } from '../helpers/rate-limit-store.ts';

const REDIS_URL = redisUrlForDatabase(11);
const MINUTE = 60_000;
// Long enough that no timer sync runs during a test: the tests call sync() themselves.
const MANUAL_SYNC = { syncIntervalMs: 10 * MINUTE };

let redis: Redis;
const connections = replicaConnections(REDIS_URL);
const replicas: SyncedCounters[] = [];
let namespace: string;

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  await redis.flushdb();
});
afterEach(async () => {
  for (const replica of replicas.splice(0)) replica.stop();
  await connections.closeAll();
});
afterAll(() => redis.quit());

/** One replica's counters, on its own connection like a real replica, under this test's namespace. */
async function replica(options: Partial<SyncedCountersOptions> = {}, client?: Redis): Promise<SyncedCounters> {
  const counters = new SyncedCounters(client ?? (await connections.connect()), {
    namespace,
    onSyncHealthChange: () => undefined,
    ...MANUAL_SYNC,
    ...options,
  });
  replicas.push(counters);
  return counters;
}

const redisCount = async (key: string) => Number(await redis.get(namespace + key));

async function eventually(check: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}

describe('SyncedCounters', () => {
  beforeEach(() => {
    namespace = `test:${uniqueAlias('rl')}:`;
  });

  it('counts in memory at once, before anything reaches Redis', async () => {
    const counters = await replica();
    const start = Date.now();
    expect(counters.increment('client', MINUTE, start)).toEqual({ current: 1, ttl: MINUTE });
    expect(counters.increment('client', MINUTE, start + 1000)).toEqual({ current: 2, ttl: MINUTE - 1000 });
    expect(counters.increment('other', MINUTE, start + 1000)).toEqual({ current: 1, ttl: MINUTE });
    expect(await redis.exists(`${namespace}client`)).toBe(0);
  });

  it("adds each replica's counts to one shared total, seen by a replica when it syncs", async () => {
    const first = await replica();
    const second = await replica();
    for (let i = 0; i < 3; i++) first.increment('client', MINUTE);
    for (let i = 0; i < 2; i++) second.increment('client', MINUTE);

    await first.sync();
    await second.sync();
    expect(await redisCount('client')).toBe(5);
    // Each knows the total of its own last sync: the first synced before the second's counts.
    expect(second.increment('client', MINUTE).current).toBe(6);
    expect(first.increment('client', MINUTE).current).toBe(4);

    await first.sync();
    expect(await redisCount('client')).toBe(6);
    expect(first.increment('client', MINUTE).current).toBe(7);
  });

  it('shares one sync between concurrent calls', async () => {
    const counters = await replica();
    counters.increment('client', MINUTE);
    const syncing = counters.sync();
    expect(counters.sync()).toBe(syncing);
    await syncing;
    expect(await redisCount('client')).toBe(1);
  });

  it('gives the Redis key a TTL of one window, started by the first count and not extended', async () => {
    const counters = await replica();
    counters.increment('client', 5000);
    await counters.sync();
    const firstTtl = await redis.pttl(`${namespace}client`);
    expect(firstTtl).toBeGreaterThan(4000);
    expect(firstTtl).toBeLessThanOrEqual(5000);

    await sleep(50);
    counters.increment('client', 5000);
    await counters.sync();
    const secondTtl = await redis.pttl(`${namespace}client`);
    expect(secondTtl).toBeLessThanOrEqual(firstTtl - 40);
    // The local window now ends when the Redis key does.
    const { ttl } = counters.increment('client', 5000);
    expect(Math.abs(ttl - secondTtl)).toBeLessThan(100);
  });

  it('starts a new window at 1 once windowMs has passed', async () => {
    const counters = await replica();
    const start = Date.now();
    for (let i = 0; i < 3; i++) counters.increment('client', 1000, start);
    expect(counters.increment('client', 1000, start + 999)).toEqual({ current: 4, ttl: 1 });
    expect(counters.increment('client', 1000, start + 1000)).toEqual({ current: 1, ttl: 1000 });
  });

  it('drops an idle counter once its window has ended', async () => {
    const counters = await replica();
    const key = `${namespace}client`;
    counters.increment('client', 100);
    counters.increment('client', 100);
    await counters.sync();
    const syncedAt = Date.now();
    expect(await redis.get(key)).toBe('2');

    await sleep(150);
    await counters.sync();
    expect(await redis.exists(key)).toBe(0);
    // Stamped inside the old window, a count would add to a counter still held: 3, not 1.
    expect(counters.increment('client', 100, syncedAt)).toEqual({ current: 1, ttl: 100 });
  });

  it('still counts what is on its way to Redis while the sync waits for the answer', async () => {
    const counters = await replica();
    for (let i = 0; i < 5; i++) counters.increment('client', MINUTE);
    const syncing = counters.sync();
    expect(counters.increment('client', MINUTE).current).toBe(6);
    await syncing;
    expect(counters.increment('client', MINUTE).current).toBe(7);
    expect(await redisCount('client')).toBe(5);
  });

  it('does not carry the unsent counts of an ended window into a new one', async () => {
    const counters = await replica();
    for (let i = 0; i < 3; i++) counters.increment('client', 100);
    await sleep(150);
    await counters.sync();
    expect(await redis.get(`${namespace}client`)).toBeNull();
    expect(counters.increment('client', 100).current).toBe(1);
  });

  it('syncs by itself every syncIntervalMs, and no more after stop()', async () => {
    const counters = await replica({ syncIntervalMs: 20 });
    counters.increment('client', MINUTE);
    counters.increment('client', MINUTE);
    await eventually(async () => (await redisCount('client')) === 2);

    counters.stop();
    counters.increment('client', MINUTE);
    await sleep(100);
    expect(await redisCount('client')).toBe(2);
  });

  it('keeps the counts while Redis is unreachable, adds them once it answers, and reports both changes once', async () => {
    const client = await connections.connect();
    const healthChanges: (Error | null)[] = [];
    const counters = await replica({ onSyncHealthChange: (error) => healthChanges.push(error) }, client);
    counters.increment('client', MINUTE);
    await counters.sync();
    expect(healthChanges).toEqual([]);

    const closed = once(client, 'end');
    client.disconnect();
    await closed;
    counters.increment('client', MINUTE);
    counters.increment('client', MINUTE);
    await counters.sync();
    counters.increment('client', MINUTE);
    await counters.sync();
    expect(healthChanges).toEqual([expect.any(Error)]);
    // The limit falls back to this replica's own counts, on top of the last known total.
    expect(counters.increment('client', MINUTE).current).toBe(5);
    expect(await redisCount('client')).toBe(1);

    await client.connect();
    await counters.sync();
    expect(await redisCount('client')).toBe(5);
    expect(healthChanges).toEqual([expect.any(Error), null]);
    expect(counters.increment('client', MINUTE).current).toBe(6);
    await counters.sync();
    expect(healthChanges).toHaveLength(2);
  });

  describe('store()', () => {
    it('counts per route path through the @fastify/rate-limit store interface', async () => {
      const counters = await replica();
      const Store = counters.store();
      const store = new Store({});
      const redirect = store.child(routeOptions('GET', '/:code'));
      const create = store.child(routeOptions('POST', '/api/links'));

      expect(await countIn(redirect, '192.0.2.1', MINUTE)).toEqual({ current: 1, ttl: MINUTE });
      expect(await countIn(redirect, '192.0.2.1', MINUTE)).toEqual({ current: 2, ttl: expect.any(Number) });
      expect(await countIn(create, '192.0.2.1', 1000)).toEqual({ current: 1, ttl: 1000 });

      await counters.sync();
      expect(await redis.get(`${namespace}/:code-192.0.2.1`)).toBe('2');
      expect(await redis.get(`${namespace}/api/links-192.0.2.1`)).toBe('1');
      const createTtl = await redis.pttl(`${namespace}/api/links-192.0.2.1`);
      expect(createTtl).toBeGreaterThan(500);
      expect(createTtl).toBeLessThanOrEqual(1000);
    });

    it('gives a GET and its HEAD twin one budget', async () => {
      const counters = await replica();
      const store = new (counters.store())({});
      await countIn(store.child(routeOptions('GET', '/:code')), '192.0.2.3', MINUTE);
      expect(await countIn(store.child(routeOptions('HEAD', '/:code')), '192.0.2.3', MINUTE)).toMatchObject({
        current: 2,
      });
    });

    it("shares a route's count between the stores of two replicas", async () => {
      const first = await replica();
      const second = await replica();
      const firstStore = new (first.store())({}).child(routeOptions('GET', '/:code'));
      const secondStore = new (second.store())({}).child(routeOptions('GET', '/:code'));

      await countIn(firstStore, '192.0.2.2', MINUTE);
      await countIn(firstStore, '192.0.2.2', MINUTE);
      await first.sync();
      await countIn(secondStore, '192.0.2.2', MINUTE);
      await second.sync();
      expect(await countIn(secondStore, '192.0.2.2', MINUTE)).toMatchObject({ current: 4 });
    });
  });
});
