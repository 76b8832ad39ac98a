import Fastify from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESERVED_PATHS } from '../src/links/codes.ts';
import { startApp, type TestApp } from './helpers/app.ts';

// Seed 001 (Q8, Q14, Q21): in the original FastAPI service, `/{short_code}` was declared
// before `/health`, matched "health" as a code and answered 500, so the container was
// reported unhealthy. These tests show why that cannot happen here.
describe('route ordering regression (seed 001 Q8/Q14/Q21)', () => {
  it('Fastify prefers a static route over a parameter even when the catch-all is registered first', async () => {
    const fastify = Fastify();
    fastify.get('/:code', async () => {
      throw new Error('the catch-all swallowed a static path');
    });
    fastify.get('/health', async () => ({ status: 'ok' }));
    await fastify.ready();
    try {
      const response = await fastify.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
      expect((await fastify.inject({ method: 'GET', url: '/abc1234' })).statusCode).toBe(500);
    } finally {
      await fastify.close();
    }
  });

  describe('in the service, whose redirect route is registered before the others', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startApp();
    });
    afterAll(() => app.close());

    it('answers /health, /ready, /metrics and /docs from their own routes', async () => {
      expect((await request(app.server).get('/health').expect(200)).body).toEqual({ status: 'ok' });
      expect((await request(app.server).get('/ready').expect(200)).body.status).toBe('ready');
      expect((await request(app.server).get('/metrics').expect(200)).text).toContain('http_requests_total');
      await request(app.server)
        .get('/docs')
        .expect((response) => expect(response.status).toBeLessThan(400));
    });

    it('refuses every reserved path as an alias, in any letter case', async () => {
      const aliases = RESERVED_PATHS.filter((path) => /^[\w-]+$/.test(path)).flatMap((path) => [
        path,
        path.toUpperCase(),
        path[0]?.toUpperCase() + path.slice(1),
      ]);
      for (const alias of aliases) {
        const response = await request(app.server).post('/api/links').send({ url: 'https://example.com', alias });
        expect(response.status, alias).toBe(400);
      }
    });

    it('never looks a reserved path up as a code', async () => {
      for (const path of ['/assets', '/api', '/index.html', '/favicon.ico', '/robots.txt']) {
        const response = await request(app.server).get(path);
        expect(response.status, path).toBe(404);
        expect(response.body.statusCode, path).toBe(404);
      }
    });
  });
});
