import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFoundBody, startApp, type TestApp, uniqueAlias } from '../../helpers/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.close());

async function shorten(body: Record<string, unknown>, target: TestApp = app): Promise<string> {
  const alias = uniqueAlias('r');
  await request(target.server)
    .post('/api/links')
    .send({ alias, ...body })
    .expect(201);
  return alias;
}

const visits = async (code: string) => (await request(app.server).get(`/api/links/${code}`).expect(200)).body.visits;

describe('GET /:code', () => {
  it('redirects with 302 by default, uncached, and counts the visit', async () => {
    const code = await shorten({ url: 'https://example.com/landing?utm=1' });
    const response = await request(app.server).get(`/${code}`).expect(302);
    expect(response.headers.location).toBe('https://example.com/landing?utm=1');
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(await visits(code)).toBe(1);
  });

  it('answers HEAD like GET, and counts it too', async () => {
    const code = await shorten({ url: 'https://example.com/head' });
    const response = await request(app.server).head(`/${code}`).expect(302);
    expect(response.headers.location).toBe('https://example.com/head');
    expect(await visits(code)).toBe(1);
  });

  it('answers 404 in JSON for an unknown code, and for paths that cannot be codes', async () => {
    const response = await request(app.server).get('/neverCreated').expect(404);
    expect(response.body).toEqual(notFoundBody('neverCreated'));
    await request(app.server).get('/x').expect(404);
    await request(app.server).get('/some.file').expect(404);
    await request(app.server).get('/a/b/c').expect(404);
  });

  it.each([65, 101, 300])('answers 404 in JSON for a code of %i characters, which no link can have', async (length) => {
    const code = 'x'.repeat(length);
    for (const path of [`/${code}`, `/api/links/${code}`]) {
      const response = await request(app.server).get(path).expect(404);
      expect(response.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        code: 'not_found',
        message: `No link with code "${code}"`,
      });
    }
  });

  it('answers 410 once a link has expired', async () => {
    const code = await shorten({ url: 'https://example.com/soon', ttlSeconds: 1 });
    await request(app.server).get(`/${code}`).expect(302);
    await sleep(1100);
    const response = await request(app.server).get(`/${code}`).expect(410);
    expect(response.body).toEqual({
      statusCode: 410,
      error: 'Gone',
      code: 'link_expired',
      message: `The link "${code}" has expired`,
    });
    expect(await visits(code)).toBe(1);
  });

  it('redirects exactly maxVisits times under concurrency, then answers 410', async () => {
    const code = await shorten({ url: 'https://example.com/limited', maxVisits: 5 });
    const responses = await Promise.all(Array.from({ length: 12 }, () => request(app.server).get(`/${code}`)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 302)).toHaveLength(5);
    expect(statuses.filter((status) => status === 410)).toHaveLength(7);
    expect(responses.find((response) => response.status === 410)?.body).toMatchObject({
      code: 'visit_limit_reached',
      message: expect.stringMatching(/visit limit/),
    });
    expect(await visits(code)).toBe(5);
  });

  it.each([
    ['301', 'public, max-age=86400'],
    ['308', 'public, max-age=86400'],
    ['307', 'private, no-store'],
  ])('uses the configured status %s with cache headers that fit it', async (status, cacheControl) => {
    const configured = await startApp({ REDIRECT_STATUS: status });
    try {
      const code = await shorten({ url: 'https://example.com/perm' }, configured);
      const response = await request(configured.server).get(`/${code}`).expect(Number(status));
      expect(response.headers.location).toBe('https://example.com/perm');
      expect(response.headers['cache-control']).toBe(cacheControl);

      // A permanent redirect of a link with a limit or an expiry is never cached beyond it.
      const limited = await shorten({ url: 'https://example.com/perm', maxVisits: 3 }, configured);
      const limitedResponse = await request(configured.server).get(`/${limited}`).expect(Number(status));
      expect(limitedResponse.headers['cache-control']).toBe('private, no-store');
      const expiring = await shorten({ url: 'https://example.com/perm', ttlSeconds: 600 }, configured);
      const expiringResponse = await request(configured.server).get(`/${expiring}`).expect(Number(status));
      if (status === '307') expect(expiringResponse.headers['cache-control']).toBe('private, no-store');
      else expect(expiringResponse.headers['cache-control']).toMatch(/^public, max-age=(59\d|600)$/);
    } finally {
      await configured.close();
    }
  });
});
