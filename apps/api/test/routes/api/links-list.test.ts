import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../src/config.ts';
import { bucketOf, FLAGS, FLAGS_KEY } from '../../../src/features/feature-flags.ts';
import { CREATED_INDEX_KEY } from '../../../src/links/link-store.ts';
import { redisUrlForDatabase, startApp, type TestApp, uniqueAlias } from '../../helpers/app.ts';

const REDIS_URL = redisUrlForDatabase(8);
/** Two keys on either side of the 50 % mark of the recent-links rollout. */
const keys = Array.from({ length: 50 }, (_, i) => `list-key-${i}`);
const keyId = (key: string) => hashApiKey(key).subarray(0, 8).toString('hex');
const EARLY_KEY = keys.find((key) => bucketOf(FLAGS.recentLinks, keyId(key)) < 50) as string;
const LATE_KEY = keys.find((key) => bucketOf(FLAGS.recentLinks, keyId(key)) >= 50) as string;

let app: TestApp;
let redis: Redis;

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  await redis.flushdb();
  app = await startApp({
    REDIS_URL,
    API_KEY_HASHES: [EARLY_KEY, LATE_KEY].map((key) => hashApiKey(key).toString('hex')).join(','),
    FEATURE_FLAGS_REFRESH_MS: '100',
  });
});
afterAll(async () => {
  await app.close();
  await redis.quit();
});

const list = (key: string | undefined, query = '') => {
  const call = request(app.server).get(`/api/links${query}`);
  return key ? call.set('authorization', `Bearer ${key}`) : call;
};

async function setRollout(percentage: number) {
  await redis.hset(FLAGS_KEY, FLAGS.recentLinks, String(percentage));
  await expect.poll(() => app.flags.percentage(FLAGS.recentLinks), { timeout: 3000 }).toBe(percentage);
}

async function createLink(url: string): Promise<string> {
  const alias = uniqueAlias('list');
  await request(app.server).post('/api/links').send({ url, alias }).expect(201);
  return alias;
}

describe('GET /api/links (recent links, behind the recent-links flag)', () => {
  it('is dark while the flag is off: 404 as if the route did not exist, 401 without a key', async () => {
    await createLink('https://example.com/dark');
    await list(undefined).expect(401);
    const response = await list(EARLY_KEY).expect(404);
    expect(response.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'not_found',
      message: 'No route for GET /api/links',
    });
  });

  it('opens to some keys first during a partial rollout, and to every key at 100 %', async () => {
    await setRollout(50);
    await list(EARLY_KEY).expect(200);
    await list(LATE_KEY).expect(404);
    await setRollout(100);
    await list(LATE_KEY).expect(200);
  });

  it('lists the newest links first, with their visits, up to the limit', async () => {
    await setRollout(100);
    const first = await createLink('https://example.com/first');
    const second = await createLink('https://example.com/second');
    await request(app.server).get(`/${second}`).expect(302);

    const response = await list(EARLY_KEY, '?limit=2').expect(200);
    expect(response.body.links.map((link: { code: string }) => link.code)).toEqual([second, first]);
    expect(response.body.links[0]).toMatchObject({
      code: second,
      shortUrl: `http://sho.rt/${second}`,
      url: 'https://example.com/second',
      visits: 1,
    });
  });

  it('refuses a limit outside 1-100 with 400', async () => {
    await setRollout(100);
    const response = await list(EARLY_KEY, '?limit=0').expect(400);
    expect(response.body.message).toMatch(/limit/);
    await list(EARLY_KEY, '?limit=101').expect(400);
  });

  it('drops deleted links, and index entries whose link Redis reclaimed', async () => {
    await setRollout(100);
    const kept = await createLink('https://example.com/kept');
    const deleted = await createLink('https://example.com/deleted');
    const reclaimed = await createLink('https://example.com/reclaimed');
    await request(app.server).delete(`/api/links/${deleted}`).set('authorization', `Bearer ${EARLY_KEY}`).expect(204);
    expect(await redis.zscore(CREATED_INDEX_KEY, deleted)).toBeNull();
    // What Redis does when an expired link's retention ends: the hash goes, the index entry stays.
    await redis.del(`shortly:link:${reclaimed}`);

    const response = await list(EARLY_KEY, '?limit=1').expect(200);
    expect(response.body.links.map((link: { code: string }) => link.code)).toEqual([kept]);
    expect(await redis.zscore(CREATED_INDEX_KEY, reclaimed)).toBeNull();
  });
});
