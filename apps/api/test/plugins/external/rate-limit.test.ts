import { Redis } from 'ioredis';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisUrlForDatabase, startApp, type TestApp } from '../../helpers/app.ts';

// Two replicas on one Redis, behind a trusted proxy so each test can be its own client.
// A database of their own: clients that send no X-Forwarded-For count as this machine,
// like every other test file's requests.
const LIMITS = {
  REDIS_URL: redisUrlForDatabase(11),
  TRUST_PROXY: 'true',
  RATE_LIMIT_CREATE_MAX: '4',
  RATE_LIMIT_CREATE_WINDOW_SECONDS: '60',
  RATE_LIMIT_REDIRECT_MAX: '50',
};
let replicaA: TestApp;
let replicaB: TestApp;

beforeAll(async () => {
  // Counts left by an earlier run on a reused Redis would start the limits half spent.
  const redis = new Redis(LIMITS.REDIS_URL);
  await redis.flushdb();
  await redis.quit();
  [replicaA, replicaB] = await Promise.all([startApp(LIMITS), startApp(LIMITS)]);
});
afterAll(async () => {
  await Promise.all([replicaA.close(), replicaB.close()]);
});

// A fresh /64 of the IPv6 documentation range per client (the limiter counts an IPv6 /64 as
// one client), so counters left in a reused Redis never interfere. Groups without leading
// zeros: the limiter's key for the client is then its /64 as written here.
const group = () => (0x1000 + Math.floor(Math.random() * 0xf000)).toString(16);
const clientIp = () => `2001:db8:${group()}:${group()}::1`;
const create = (app: TestApp, ip: string) =>
  request(app.server).post('/api/links').set('x-forwarded-for', ip).send({ url: 'https://example.com/rate' });
const lookup = (app: TestApp, ip: string, path = '/no-such-link') =>
  request(app.server).get(path).set('x-forwarded-for', ip);

/** The redirect route tells a client its limit only once it is limited. */
function expectLimitHeadersOnlyWhenLimited(response: Response) {
  const limitHeaders = Object.keys(response.headers).filter((name) => name.startsWith('x-ratelimit-'));
  if (response.status === 429) {
    expect(limitHeaders.sort()).toEqual(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  } else {
    expect(limitHeaders, `${response.status} response`).toEqual([]);
    expect(response.headers['retry-after']).toBeUndefined();
  }
}

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a client exceeds the create limit', async () => {
    const ip = clientIp();
    const first = await create(replicaA, ip).expect(201);
    // API clients see their budget on every response, not only once limited.
    expect(first.headers['x-ratelimit-limit']).toBe('4');
    expect(first.headers['x-ratelimit-remaining']).toBe('3');
    for (let i = 0; i < 3; i++) await create(replicaA, ip).expect(201);
    const limited = await create(replicaA, ip).expect(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'rate_limited',
      message: expect.stringMatching(
        /^Rate limit exceeded: at most 4 requests per 60 s; retry in (1 minute|\d+ seconds?)$/,
      ),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another client is not affected.
    await create(replicaA, clientIp()).expect(201);
  });

  it('shares one limit between replicas through Redis', async () => {
    const ip = clientIp();
    await create(replicaA, ip).expect(201);
    await create(replicaB, ip).expect(201);
    await create(replicaA, ip).expect(201);
    await create(replicaB, ip).expect(201);
    await create(replicaA, ip).expect(429);
    await create(replicaB, ip).expect(429);
  });

  it('counts a forwarded "address" that is not one as the socket, so junk headers make no new keys', async () => {
    const junk = () => `${Math.random().toString(36).repeat(200)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await create(replicaA, junk())).status);
    // The four creates of the limit, then 429: one client, the test's own socket address.
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
  });

  it('counts the loose redirect limit per replica, in memory', async () => {
    const env = { ...LIMITS, RATE_LIMIT_REDIRECT_MAX: '3' };
    const [first, second] = await Promise.all([startApp(env), startApp(env)]);
    try {
      const ip = clientIp();
      const lookups = async (app: TestApp) => {
        const responses: Response[] = [];
        for (let i = 0; i < 4; i++) responses.push(await lookup(app, ip));
        for (const response of responses) expectLimitHeadersOnlyWhenLimited(response);
        return responses.map((response) => response.status);
      };
      // Each replica lets three through: no Redis round trip on the redirect path.
      expect(await lookups(first)).toEqual([404, 404, 404, 429]);
      expect(await lookups(second)).toEqual([404, 404, 404, 429]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
