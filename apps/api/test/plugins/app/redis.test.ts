import { setTimeout as sleep } from 'node:timers/promises';
import { type OwnedRedis, startOwnedRedis } from '@shortly/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../../helpers/app.ts';

let redis: OwnedRedis;
let app: TestApp;

beforeAll(async () => {
  redis = await startOwnedRedis();
  app = await startApp({ REDIS_URL: redis.url });
});
afterAll(async () => {
  await app?.close();
  await redis?.close();
});

async function timed<T>(action: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await action();
  return { result, ms: performance.now() - started };
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`not recovered within ${timeoutMs} ms`);
}

describe('Redis stopped and started again under a running service', () => {
  it('fails fast with 503 while Redis is down and recovers by itself', async () => {
    await request(app.server).post('/api/links').send({ url: 'https://example.com', alias: 'survivor' }).expect(201);
    await request(app.server).get('/survivor').expect(302);

    await redis.stop();

    const ready = await timed(() => request(app.server).get('/ready'));
    expect(ready.result.status).toBe(503);
    expect(ready.result.body).toEqual({ status: 'not ready', checks: { redis: 'unreachable', shutdown: 'ok' } });
    expect(ready.ms).toBeLessThan(1500);

    const created = await timed(() => request(app.server).post('/api/links').send({ url: 'https://example.com/x' }));
    expect(created.result.status).toBe(503);
    expect(created.result.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'service_unavailable',
      message: 'The link store is unavailable; try again in a few seconds',
    });
    expect(created.result.headers['retry-after']).toBe('1');
    expect(created.ms).toBeLessThan(1500);

    const redirected = await timed(() => request(app.server).get('/survivor'));
    expect(redirected.result.status).toBe(503);
    expect(redirected.ms).toBeLessThan(1500);

    // Liveness does not depend on Redis: the orchestrator must not restart a healthy process.
    await request(app.server).get('/health').expect(200);

    const metrics = (await request(app.server).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/shortly_redis_errors_total\{operation="create"\} [1-9]/);
    expect(metrics).toMatch(/shortly_redirects_total\{outcome="error"\} [1-9]/);
    expect(metrics).toMatch(/^shortly_redis_up 0$/m);

    await redis.start();
    const recoveredAfter = await eventually(
      async () => (await request(app.server).get('/ready')).status === 200,
      10_000,
    );
    expect(recoveredAfter).toBeLessThan(10_000);
    await request(app.server).post('/api/links').send({ url: 'https://example.com/after' }).expect(201);
    expect((await request(app.server).get('/metrics')).text).toMatch(/^shortly_redis_up 1$/m);
  });
});

describe('a Redis that answers but refuses writes', () => {
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(redis.url);
  });
  afterAll(() => admin.quit());

  async function expectRefusal(reason: string) {
    const created = await request(app.server).post('/api/links').send({ url: 'https://example.com/refused' });
    expect(created.status).toBe(503);
    expect(created.body).toMatchObject({ statusCode: 503, code: 'service_unavailable' });
    expect(created.headers['retry-after']).toBe('1');
    const ready = await request(app.server).get('/ready').expect(503);
    expect(ready.body).toEqual({
      status: 'not ready',
      checks: { redis: `refuses writes (${reason})`, shutdown: 'ok' },
    });
    const metrics = (await request(app.server).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(new RegExp(`shortly_redis_refusals_total\\{reason="${reason}"\\} [1-9]`));
  }

  it('answers 503 with Retry-After and is not ready while Redis is full (OOM, noeviction)', async () => {
    await eventually(async () => (await request(app.server).get('/ready')).status === 200, 10_000);
    await request(app.server).post('/api/links').send({ url: 'https://example.com', alias: 'before-full' }).expect(201);
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.config('SET', 'maxmemory', '1');
    try {
      await expectRefusal('OOM');
    } finally {
      await admin.config('SET', 'maxmemory', '0');
    }
    await request(app.server).get('/ready').expect(200);
    await request(app.server).post('/api/links').send({ url: 'https://example.com/after-full' }).expect(201);
  });

  it('answers 503 and is not ready while Redis is a read-only replica (after a failover)', async () => {
    // A primary that does not exist: the replica keeps its data and refuses writes.
    await admin.replicaof('127.0.0.1', 1);
    try {
      await expectRefusal('READONLY');
      await request(app.server).get('/api/links/before-full').expect(200);
    } finally {
      await admin.replicaof('NO', 'ONE');
    }
    await request(app.server).get('/ready').expect(200);
  });
});
