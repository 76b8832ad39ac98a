import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp, uniqueAlias } from '../../helpers/app.ts';

/** What @fastify/helmet sets with this service's options (plugins/external/helmet.ts). */
const SECURITY_HEADER_NAMES = new Set([
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
]);
const securityHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => SECURITY_HEADER_NAMES.has(name)));

// Served over HTTPS, as in production: HSTS is among the headers.
let app: TestApp;
beforeAll(async () => {
  app = await startApp({ PUBLIC_BASE_URL: 'https://sho.rt' });
});
afterAll(() => app.close());

describe('operations endpoints', () => {
  it('GET /health answers ok', async () => {
    expect((await request(app.server).get('/health').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('GET /ready reports each check', async () => {
    const response = await request(app.server).get('/ready').expect(200);
    expect(response.body).toEqual({ status: 'ready', checks: { redis: 'ok', shutdown: 'ok' } });
  });

  it('GET /ready turns 503 and names the reason once draining starts', async () => {
    const draining = await startApp();
    try {
      draining.lifecycle.beginDrain();
      const response = await request(draining.server).get('/ready').expect(503);
      expect(response.body).toEqual({ status: 'not ready', checks: { redis: 'ok', shutdown: 'shutting down' } });
      await request(draining.server).get('/health').expect(200);
    } finally {
      await draining.close();
    }
  });

  it('GET /docs serves the OpenAPI UI built from the route schemas', async () => {
    await request(app.server).get('/docs/').expect(200).expect('content-type', /html/);
    const spec = (await request(app.server).get('/docs/json').expect(200)).body;
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/links/',
        '/api/links/{code}',
        '/api/links/{code}/qr',
        '/{code}',
        '/health',
        '/ready',
      ]),
    );
    expect(spec.paths['/metrics']).toBeUndefined();
    expect(spec.paths['/api/links/'].post.requestBody.content['application/json'].schema.required).toEqual(['url']);
  });

  it('GET /metrics labels by route template, never by code', async () => {
    const alias = uniqueAlias('m');
    await request(app.server).post('/api/links').send({ url: 'https://example.com', alias }).expect(201);
    await request(app.server).get(`/${alias}`).expect(302);
    await request(app.server).get('/missing-code').expect(404);

    const response = await request(app.server).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.text;
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/:code",status_code="302"\} \d+/);
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/api\/links",status_code="201"\} \d+/);
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/:code",status_code="302"\}/,
    );
    expect(text).toMatch(/shortly_links_created_total [1-9]/);
    expect(text).toMatch(/shortly_redirects_total\{outcome="redirected"\} [1-9]/);
    expect(text).toMatch(/shortly_redirects_total\{outcome="not_found"\} [1-9]/);
    expect(text).toMatch(/shortly_redis_command_duration_seconds_count\{operation="visit"\} [1-9]/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    expect(text).not.toContain(alias);
  });

  it('sets the full security headers on every response but a redirect, its errors included', async () => {
    for (const path of ['/health', '/api/links/unknown-code', '/nope/nope', '/no-such-code']) {
      const { headers } = await request(app.server).get(path);
      expect(headers['content-security-policy'], path).toContain("default-src 'none'");
      expect(headers['strict-transport-security'], path).toBe('max-age=31536000; includeSubDomains');
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('no-referrer');
    }
  });

  it('gives the JSON API the very headers @fastify/helmet sets elsewhere, on a create too', async () => {
    const fromHelmet = securityHeaders((await request(app.server).get('/health')).headers);
    expect(Object.keys(fromHelmet).sort()).toEqual([...SECURITY_HEADER_NAMES].sort());
    const created = await request(app.server)
      .post('/api/links')
      .send({ url: 'https://example.com/headers', alias: uniqueAlias('hdr') })
      .expect(201);
    expect(securityHeaders(created.headers)).toEqual(fromHelmet);
    const listed = await request(app.server).get('/api/links').expect(401);
    expect(securityHeaders(listed.headers)).toEqual(fromHelmet);
  });

  it('sets the same security headers on a redirect, HSTS and Referrer-Policy among them', async () => {
    const alias = uniqueAlias('h');
    await request(app.server).post('/api/links').send({ url: 'https://example.com', alias }).expect(201);
    const { headers } = await request(app.server).get(`/${alias}`).expect(302);
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(securityHeaders(headers)).toEqual(securityHeaders((await request(app.server).get('/health')).headers));
  });
});

describe('served over plain HTTP (a Compose host on port 80)', () => {
  it('sends no HSTS, which browsers would ignore there, and every other security header', async () => {
    const plain = await startApp({ PUBLIC_BASE_URL: 'http://sho.rt' });
    try {
      const { headers } = await request(plain.server).get('/health').expect(200);
      expect(headers['strict-transport-security']).toBeUndefined();
      expect(Object.keys(securityHeaders(headers)).sort()).toEqual(
        [...SECURITY_HEADER_NAMES].filter((name) => name !== 'strict-transport-security').sort(),
      );
    } finally {
      await plain.close();
    }
  });
});
