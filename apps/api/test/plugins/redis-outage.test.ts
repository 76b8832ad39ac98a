import { setTimeout as sleep } from 'node:timers/promises';
import { type OwnedRedis, startOwnedRedis } from '@shortly/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app.ts';

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
