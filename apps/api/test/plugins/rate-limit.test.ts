import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app.ts';

// Two replicas on one Redis, behind a trusted proxy so each test can be its own client.
const LIMITS = {
  TRUST_PROXY: 'true',
  RATE_LIMIT_CREATE_MAX: '4',
  RATE_LIMIT_CREATE_WINDOW_SECONDS: '60',
  RATE_LIMIT_REDIRECT_MAX: '50',
};
let replicaA: TestApp;
let replicaB: TestApp;

beforeAll(async () => {
  [replicaA, replicaB] = await Promise.all([startApp(LIMITS), startApp(LIMITS)]);
});
afterAll(async () => {
  await Promise.all([replicaA.close(), replicaB.close()]);
});

// A fresh /64 of the IPv6 documentation range per client (the limiter counts an IPv6 /64 as
// one client), so counters left in a reused Redis never interfere.
const clientIp = () => `2001:db8:${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}::1`;
const create = (app: TestApp, ip: string) =>
  request(app.server).post('/api/links').set('x-forwarded-for', ip).send({ url: 'https://example.com/rate' });

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a client exceeds the create limit', async () => {
    const ip = clientIp();
    for (let i = 0; i < 4; i++) await create(replicaA, ip).expect(201);
    const limited = await create(replicaA, ip).expect(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/Rate limit exceeded: at most 4 requests per 1 minute/),
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

  it('shares the loose redirect limit between replicas by default', async () => {
    const env = { ...LIMITS, RATE_LIMIT_REDIRECT_MAX: '3' };
    const [first, second] = await Promise.all([startApp(env), startApp(env)]);
    try {
      const ip = clientIp();
      const lookup = async (app: TestApp) =>
        (await request(app.server).get('/no-such-link').set('x-forwarded-for', ip)).status;
      expect([await lookup(first), await lookup(second), await lookup(first), await lookup(second)]).toEqual([
        404, 404, 404, 429,
      ]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('counts the redirect limit per replica, in memory, when configured to', async () => {
    const env = { ...LIMITS, RATE_LIMIT_REDIRECT_MAX: '3', RATE_LIMIT_REDIRECT_COUNTERS: 'replica' };
    const [first, second] = await Promise.all([startApp(env), startApp(env)]);
    try {
      const ip = clientIp();
      const lookups = async (app: TestApp) => {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) {
          statuses.push((await request(app.server).get('/no-such-link').set('x-forwarded-for', ip)).status);
        }
        return statuses;
      };
      // Each replica lets three through: no Redis round trip on the redirect path.
      expect(await lookups(first)).toEqual([404, 404, 404, 429]);
      expect(await lookups(second)).toEqual([404, 404, 404, 429]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
