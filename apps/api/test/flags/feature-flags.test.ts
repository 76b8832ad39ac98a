import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bucketOf, FeatureFlags, FLAGS, FLAGS_KEY } from '../../src/flags/feature-flags.ts';
import { redisUrlForDatabase } from '../helpers/app.ts';

let redis: Redis;
const problems: [string, string][] = [];
const newFlags = (client = redis) => new FeatureFlags(client, (flag, value) => problems.push([flag, value]));

beforeAll(() => {
  redis = new Redis(redisUrlForDatabase(7));
});
afterAll(() => redis.quit());
beforeEach(async () => {
  await redis.del(FLAGS_KEY);
  problems.length = 0;
});

describe('bucketOf', () => {
  it('puts a caller in the same bucket every time, and callers spread evenly', () => {
    expect(bucketOf('recent-links', 'key-a')).toBe(bucketOf('recent-links', 'key-a'));
    const inFirstQuarter = Array.from({ length: 10_000 }, (_, i) => bucketOf('recent-links', `caller-${i}`)).filter(
      (bucket) => bucket < 25,
    ).length;
    expect(inFirstQuarter).toBeGreaterThan(2300);
    expect(inFirstQuarter).toBeLessThan(2700);
  });

  it('buckets each flag independently, so the same callers are not always first', () => {
    const callers = Array.from({ length: 200 }, (_, i) => `caller-${i}`);
    const early = (flag: string) => callers.filter((caller) => bucketOf(flag, caller) < 50).join();
    expect(early('flag-one')).not.toBe(early('flag-two'));
  });
});

describe('FeatureFlags', () => {
  it('keeps a flag off until it is set, then follows its percentage', async () => {
    const flags = newFlags();
    await flags.refresh();
    expect(flags.isEnabled(FLAGS.recentLinks, 'anyone')).toBe(false);

    await redis.hset(FLAGS_KEY, FLAGS.recentLinks, '100');
    await flags.refresh();
    expect(flags.isEnabled(FLAGS.recentLinks, 'anyone')).toBe(true);

    await redis.hset(FLAGS_KEY, FLAGS.recentLinks, '30');
    await flags.refresh();
    const callers = Array.from({ length: 1000 }, (_, i) => `caller-${i}`);
    const enabled = callers.filter((caller) => flags.isEnabled(FLAGS.recentLinks, caller));
    expect(enabled.length).toBeGreaterThan(230);
    expect(enabled.length).toBeLessThan(370);
    expect(enabled.every((caller) => bucketOf(FLAGS.recentLinks, caller) < 30)).toBe(true);

    await redis.hset(FLAGS_KEY, FLAGS.recentLinks, '0');
    await flags.refresh();
    expect(callers.some((caller) => flags.isEnabled(FLAGS.recentLinks, caller))).toBe(false);
  });

  it('widens a rollout without taking it away from callers who already had it', async () => {
    const flags = newFlags();
    const callers = Array.from({ length: 500 }, (_, i) => `caller-${i}`);
    await redis.hset(FLAGS_KEY, FLAGS.recentLinks, '10');
    await flags.refresh();
    const atTen = callers.filter((caller) => flags.isEnabled(FLAGS.recentLinks, caller));
    await redis.hset(FLAGS_KEY, FLAGS.recentLinks, '50');
    await flags.refresh();
    for (const caller of atTen) expect(flags.isEnabled(FLAGS.recentLinks, caller)).toBe(true);
  });

  it('treats a value that is not a percentage as off and reports it', async () => {
    const flags = newFlags();
    await redis.hset(FLAGS_KEY, FLAGS.recentLinks, 'yes');
    await flags.refresh();
    expect(flags.percentage(FLAGS.recentLinks)).toBe(0);
    expect(problems).toEqual([[FLAGS.recentLinks, 'yes']]);

    await redis.hset(FLAGS_KEY, FLAGS.recentLinks, '150');
    await flags.refresh();
    expect(flags.percentage(FLAGS.recentLinks)).toBe(0);
  });

  it('picks up a change on its own within one refresh interval', async () => {
    const flags = newFlags();
    const errors: unknown[] = [];
    flags.start(50, (error) => errors.push(error));
    try {
      await redis.hset(FLAGS_KEY, FLAGS.recentLinks, '100');
      await expect.poll(() => flags.percentage(FLAGS.recentLinks), { timeout: 2000, interval: 20 }).toBe(100);
      expect(errors).toEqual([]);
    } finally {
      flags.stop();
    }
  });

  it('keeps the last values when Redis cannot be read', async () => {
    const client = new Redis(redisUrlForDatabase(7), {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    client.on('error', () => undefined);
    await client.connect();
    const flags = newFlags(client);
    await redis.hset(FLAGS_KEY, FLAGS.recentLinks, '100');
    await flags.refresh();
    client.disconnect();
    await expect(flags.refresh()).rejects.toThrow();
    expect(flags.isEnabled(FLAGS.recentLinks, 'anyone')).toBe(true);
  });
});
