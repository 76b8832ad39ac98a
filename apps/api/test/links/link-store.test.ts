import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashApiKey } from '../../src/env.ts';
import { LinkStore } from '../../src/links/link-store.ts';
import { startApp, type TestApp, uniqueAlias } from '../helpers/app.ts';

const API_KEY = 'batching-key';
let redis: Redis;
beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
});
afterAll(() => redis.quit());

const storedVisits = async (code: string) => redis.hget(`shortly:link:${code}`, 'visits');

async function shorten(app: TestApp, body: Record<string, unknown> = {}): Promise<string> {
  const alias = uniqueAlias('batch');
  await request(app.server)
    .post('/api/links')
    .send({ url: 'https://example.com/batched', alias, ...body })
    .expect(201);
  return alias;
}

describe('batched visit counts', () => {
  it('writes counted visits to Redis within one flush interval', async () => {
    const app = await startApp({ VISIT_FLUSH_INTERVAL_MS: '100' });
    try {
      const code = await shorten(app);
      for (let i = 0; i < 25; i++) await request(app.server).get(`/${code}`).expect(302);
      await sleep(400);
      expect(await storedVisits(code)).toBe('25');
      expect(Number(await redis.hget(`shortly:link:${code}`, 'lastVisitAt'))).toBeGreaterThan(Date.now() - 5000);
    } finally {
      await app.close();
    }
  });

  it('shows its own pending visits in the stats at once', async () => {
    const app = await startApp({ VISIT_FLUSH_INTERVAL_MS: '10000' });
    try {
      const code = await shorten(app);
      for (let i = 0; i < 3; i++) await request(app.server).get(`/${code}`).expect(302);
      expect(Number(await storedVisits(code))).toBeLessThan(3);
      expect((await request(app.server).get(`/api/links/${code}`).expect(200)).body.visits).toBe(3);
    } finally {
      await app.close();
    }
  });

  it('flushes what is pending when the server closes', async () => {
    const app = await startApp({ VISIT_FLUSH_INTERVAL_MS: '10000' });
    const code = await shorten(app);
    for (let i = 0; i < 7; i++) await request(app.server).get(`/${code}`).expect(302);
    await app.close();
    expect(await storedVisits(code)).toBe('7');
  });

  it('never brings a deleted link back as a bare visit counter', async () => {
    const app = await startApp({
      VISIT_FLUSH_INTERVAL_MS: '10000',
      API_KEY_HASHES: hashApiKey(API_KEY).toString('hex'),
    });
    const code = await shorten(app);
    for (let i = 0; i < 3; i++) await request(app.server).get(`/${code}`).expect(302);
    await request(app.server).delete(`/api/links/${code}`).set('authorization', `Bearer ${API_KEY}`).expect(204);
    await app.close();
    expect(await redis.exists(`shortly:link:${code}`)).toBe(0);
  });

  it('starts a link recreated under a deleted code from zero visits', async () => {
    const app = await startApp({
      VISIT_FLUSH_INTERVAL_MS: '100',
      API_KEY_HASHES: hashApiKey(API_KEY).toString('hex'),
    });
    try {
      const code = await shorten(app);
      for (let i = 0; i < 4; i++) await request(app.server).get(`/${code}`).expect(302);
      await request(app.server).delete(`/api/links/${code}`).set('authorization', `Bearer ${API_KEY}`).expect(204);
      await request(app.server)
        .post('/api/links')
        .send({ url: 'https://example.com/second-life', alias: code })
        .expect(201);
      const fresh = (await request(app.server).get(`/api/links/${code}`).expect(200)).body;
      expect(fresh).toMatchObject({ visits: 0, lastVisitAt: null });
      await sleep(400);
      expect(await storedVisits(code)).toBe('0');
      expect(await redis.hget(`shortly:link:${code}`, 'lastVisitAt')).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('adds no visit counted before a link existed, even when the deletion was missed', async () => {
    // Another replica's tally for a deleted code reaches Redis after the code was taken again.
    const code = uniqueAlias('late');
    const createdAt = Date.now();
    await redis.hset(`shortly:link:${code}`, { url: 'https://example.com/new', createdAt, visits: 0 });
    const store = new LinkStore(redis, () => undefined);
    await store.recordVisits({
      id: `late-${code}-1`,
      visits: [{ code, count: 5, firstVisitAt: createdAt - 2000, lastVisitAt: createdAt - 1000 }],
    });
    expect(await storedVisits(code)).toBe('0');
    await store.recordVisits({
      id: `late-${code}-2`,
      visits: [{ code, count: 2, firstVisitAt: createdAt + 10, lastVisitAt: createdAt + 20 }],
    });
    expect(await storedVisits(code)).toBe('2');
  });

  it('keeps counting links with a visit limit in Redis at once', async () => {
    const app = await startApp({ VISIT_FLUSH_INTERVAL_MS: '10000' });
    try {
      const code = await shorten(app, { maxVisits: 5 });
      for (let i = 0; i < 2; i++) await request(app.server).get(`/${code}`).expect(302);
      expect(await storedVisits(code)).toBe('2');
    } finally {
      await app.close();
    }
  });
});

describe('the redirect cache across replicas', () => {
  it('stops redirecting on every replica as soon as one deletes the link', async () => {
    const env = { API_KEY_HASHES: hashApiKey(API_KEY).toString('hex') };
    const [replicaA, replicaB] = await Promise.all([startApp(env), startApp(env)]);
    try {
      const code = await shorten(replicaA);
      await request(replicaB.server).get(`/${code}`).expect(302);
      await request(replicaB.server).get(`/${code}`).expect(302);
      // The first visit went to Redis, the second was served from B's cache (still pending).
      expect(await storedVisits(code)).toBe('1');
      await request(replicaA.server).delete(`/api/links/${code}`).set('authorization', `Bearer ${API_KEY}`).expect(204);
      let status = 0;
      for (let attempt = 0; attempt < 20 && status !== 404; attempt++) {
        await sleep(25);
        status = (await request(replicaB.server).get(`/${code}`)).status;
      }
      expect(status).toBe(404);
    } finally {
      await Promise.all([replicaA.close(), replicaB.close()]);
    }
  });
});
