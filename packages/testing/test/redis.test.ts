import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOwnedRedis, startSharedRedis } from '../src/redis.ts';

/** The persistence settings a running Redis reports. */
async function persistenceOf(url: string): Promise<{ save: string; appendonly: string }> {
  const client = new Redis(url);
  try {
    const [, save = ''] = (await client.config('GET', 'save')) as string[];
    const [, appendonly = ''] = (await client.config('GET', 'appendonly')) as string[];
    return { save, appendonly };
  } finally {
    client.disconnect();
  }
}

describe('the Redis the tests and the benchmark start', () => {
  // Both helpers start their own Redis only when REDIS_URL names none.
  const givenUrl = process.env.REDIS_URL;
  beforeEach(() => {
    delete process.env.REDIS_URL;
  });
  afterEach(() => {
    if (givenUrl !== undefined) process.env.REDIS_URL = givenUrl;
  });

  it('shared: keeps nothing on disk, so no background save forks under load', async () => {
    const redis = await startSharedRedis();
    try {
      expect(await persistenceOf(redis.url)).toEqual({ save: '', appendonly: 'no' });
    } finally {
      await redis.close();
    }
  });

  it('owned: keeps nothing on disk either, and comes back after a stop', async () => {
    const redis = await startOwnedRedis();
    try {
      expect(await persistenceOf(redis.url)).toEqual({ save: '', appendonly: 'no' });
      await redis.stop();
      await redis.start();
      expect(await persistenceOf(redis.url)).toEqual({ save: '', appendonly: 'no' });
    } finally {
      await redis.close();
    }
  });
});
