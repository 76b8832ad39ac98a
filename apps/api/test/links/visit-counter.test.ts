import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LinkStore } from '../../src/links/link-store.ts';
import { type VisitBatch, VisitCounter } from '../../src/links/visit-counter.ts';
import { redisUrlForDatabase } from '../helpers/app.ts';

let redis: Redis;
let store: LinkStore;
beforeAll(() => {
  redis = new Redis(redisUrlForDatabase(12));
  store = new LinkStore(redis, () => undefined);
});
afterAll(() => redis.quit());
beforeEach(() => redis.flushdb());

const codes = (count: number) => Array.from({ length: count }, (_, index) => `chunked${index}`);

async function seedLinks(linkCodes: readonly string[]) {
  const pipeline = redis.pipeline();
  for (const code of linkCodes) {
    pipeline.hset(`shortly:link:${code}`, 'url', 'https://example.com', 'createdAt', 0, 'visits', 0);
  }
  await pipeline.exec();
}

async function storedVisits(linkCodes: readonly string[]): Promise<number[]> {
  const pipeline = redis.pipeline();
  for (const code of linkCodes) pipeline.hget(`shortly:link:${code}`, 'visits');
  return ((await pipeline.exec()) ?? []).map(([, visits]) => Number(visits));
}

describe('VisitCounter', () => {
  it('writes a large flush in chunks, each code counted once', async () => {
    const linkCodes = codes(1200);
    await seedLinks(linkCodes);
    const chunkSizes: number[] = [];
    const counter = new VisitCounter(async (batch) => {
      chunkSizes.push(batch.visits.length);
      await store.recordVisits(batch);
    });
    for (const code of linkCodes) {
      counter.add(code, 1000);
      counter.add(code, 2000);
    }

    await counter.flush();

    expect(chunkSizes).toEqual([500, 500, 200]);
    expect(new Set(await storedVisits(linkCodes))).toEqual(new Set([2]));
    expect(await redis.hget('shortly:link:chunked1199', 'lastVisitAt')).toBe('2000');
    expect(counter.pending('chunked0')).toBeUndefined();
  });

  it('keeps the chunks written when a later one fails, and sends the rest again with the next flush', async () => {
    const linkCodes = codes(1200);
    await seedLinks(linkCodes);
    let failNextAfterFirst = true;
    let writes = 0;
    const counter = new VisitCounter(async (batch: VisitBatch) => {
      writes += 1;
      if (failNextAfterFirst && writes === 2) throw new Error('Redis went away');
      await store.recordVisits(batch);
    });
    for (const code of linkCodes) counter.add(code, 1000);

    await expect(counter.flush()).rejects.toThrow('Redis went away');
    const afterFailure = await storedVisits(linkCodes);
    expect(afterFailure.slice(0, 500).every((visits) => visits === 1)).toBe(true);
    expect(afterFailure.slice(500).every((visits) => visits === 0)).toBe(true);
    expect(counter.pending('chunked0')).toBeUndefined();
    expect(counter.pending('chunked500')).toEqual({ count: 1, firstVisitAt: 1000, lastVisitAt: 1000 });

    // A visit counted meanwhile is added to the restored one, not lost or doubled.
    counter.add('chunked700', 3000);
    failNextAfterFirst = false;
    await counter.flush();

    const final = await storedVisits(linkCodes);
    expect(final[700]).toBe(2);
    expect(final.filter((visits) => visits === 1)).toHaveLength(1199);
  });

  it('counts a code visited over many intervals exactly, whether or not it was visited in each', async () => {
    const linkCodes = codes(3);
    await seedLinks(linkCodes);
    const counter = new VisitCounter((batch) => store.recordVisits(batch));
    const expected = [0, 0, 0];
    for (let interval = 1; interval <= 6; interval++) {
      // chunked0 every interval, chunked1 every other one, chunked2 only in the first.
      const visited = interval === 1 ? [0, 1, 2] : interval % 2 === 0 ? [0] : [0, 1];
      for (const index of visited) {
        counter.add(`chunked${index}`, interval * 1000);
        counter.add(`chunked${index}`, interval * 1000 + 1);
        expected[index] = (expected[index] ?? 0) + 2;
      }
      expect(counter.pending('chunked0')).toEqual({
        count: 2,
        firstVisitAt: interval * 1000,
        lastVisitAt: interval * 1000 + 1,
      });
      await counter.flush();
      expect(counter.pending('chunked0')).toBeUndefined();
      expect(await storedVisits(linkCodes)).toEqual(expected);
    }
    expect(expected).toEqual([12, 6, 2]);
    expect(await redis.hget('shortly:link:chunked1', 'lastVisitAt')).toBe('5001');
    expect(await redis.hget('shortly:link:chunked2', 'lastVisitAt')).toBe('1001');
  });

  it('forgets the visits of a discarded (deleted) code', async () => {
    await seedLinks(codes(1));
    const counter = new VisitCounter((batch) => store.recordVisits(batch));
    counter.add('chunked0', 1000);
    counter.discard('chunked0');
    expect(counter.pending('chunked0')).toBeUndefined();
    await counter.flush();
    expect(await storedVisits(codes(1))).toEqual([0]);
  });

  // A stalled Redis (failover, fork pause, partition) runs a command after the client gave
  // up on it; the batch is then sent again, and must count once.
  it('counts a batch once when Redis stalled past the timeout and ran it late', async () => {
    await seedLinks(codes(1));
    const impatient = new Redis(redisUrlForDatabase(12), { commandTimeout: 200, maxRetriesPerRequest: 0 });
    try {
      impatient.on('error', () => undefined);
      const counter = new VisitCounter((batch) => new LinkStore(impatient, () => undefined).recordVisits(batch));
      // Connected, and the script known to Redis, before the stall.
      counter.add('chunked0', 900);
      await counter.flush();
      for (let i = 0; i < 3; i++) counter.add('chunked0', 1000 + i);
      await redis.client('PAUSE', 1000, 'ALL');
      await expect(counter.flush()).rejects.toThrow();
      // The pause ends and Redis runs the command the client gave up on.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(await storedVisits(codes(1))).toEqual([4]);
      counter.add('chunked0', 5000);
      await counter.flush();
      expect(await storedVisits(codes(1))).toEqual([5]);
      expect(counter.pending('chunked0')).toBeUndefined();
    } finally {
      impatient.disconnect();
    }
  });
});
