import { type OwnedRedis, startOwnedRedis } from '@shortly/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../../src/env.ts';
import { bucketOf, FLAGS, FLAGS_KEY } from '../../../../src/flags/feature-flags.ts';
import { CODE_ALPHABET } from '../../../../src/links/code-generator.ts';
import { CREATED_INDEX_KEY } from '../../../../src/links/link-store.ts';
import { notFoundBody, redisUrlForDatabase, startApp, type TestApp, uniqueAlias } from '../../../helpers/app.ts';

const API_KEY = 'test-key-7f3a';
let app: TestApp;

beforeAll(async () => {
  app = await startApp({ API_KEY_HASHES: hashApiKey(API_KEY).toString('hex'), CODE_LENGTH: '9' });
});
afterAll(() => app.close());

const create = (body: unknown) =>
  request(app.server)
    .post('/api/links')
    .send(body as object);

describe('POST /api/links', () => {
  it('creates a link with a generated code and answers 201 with the contract', async () => {
    const response = await create({ url: 'https://example.com/some/long/path?q=1' }).expect(201);
    const { code } = response.body;
    expect(code).toHaveLength(9);
    for (const char of code) expect(CODE_ALPHABET).toContain(char);
    expect(response.body).toEqual({
      code,
      shortUrl: `http://sho.rt/${code}`,
      url: 'https://example.com/some/long/path?q=1',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      expiresAt: null,
      maxVisits: null,
    });
    expect(response.headers.location).toBe(`/api/links/${code}`);
  });

  it('creates a link with an alias, a ttl and a visit limit', async () => {
    const alias = uniqueAlias();
    const before = Date.now();
    const response = await create({ url: 'https://example.com', alias, ttlSeconds: 3600, maxVisits: 3 }).expect(201);
    expect(response.body).toMatchObject({ code: alias, url: 'https://example.com/', maxVisits: 3 });
    const expiresAt = Date.parse(response.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
  });

  it('accepts an absolute expiresAt', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const response = await create({ url: 'https://example.com', expiresAt }).expect(201);
    expect(response.body.expiresAt).toBe(expiresAt);
  });

  it('accepts a leap second (23:59:60), the instant after 23:59:59', async () => {
    const response = await create({ url: 'https://example.com', expiresAt: '2030-12-31T23:59:60Z' }).expect(201);
    expect(response.body.expiresAt).toBe('2031-01-01T00:00:00.000Z');
    // A leap second happens at 23:59:60 UTC: 01:59:60 in a zone two hours ahead.
    const offset = await create({ url: 'https://example.com', expiresAt: '2031-01-01T01:59:60.5+02:00' }).expect(201);
    expect(offset.body.expiresAt).toBe('2031-01-01T00:00:00.500Z');
  });

  it('answers 409 when an alias is taken, and keeps the first link', async () => {
    const alias = uniqueAlias();
    await create({ url: 'https://first.example', alias }).expect(201);
    const response = await create({ url: 'https://second.example', alias }).expect(409);
    const message = `alias "${alias}" is already taken`;
    expect(response.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'alias_taken',
      message,
      fields: { alias: message },
    });
    const stats = await request(app.server).get(`/api/links/${alias}`).expect(200);
    expect(stats.body.url).toBe('https://first.example/');
  });

  it('gives exactly one 201 when many requests race for one alias', async () => {
    const alias = uniqueAlias('race');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => create({ url: `https://racer${i}.example/`, alias })),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const winner = responses.find((response) => response.status === 201);
    const stats = await request(app.server).get(`/api/links/${alias}`).expect(200);
    expect(stats.body.url).toBe(winner?.body.url);
  });

  it.each([
    [/body must have the field "url"/, 'url', 'invalid_request', {}],
    [/unknown field "extra"/, 'extra', 'invalid_request', { url: 'https://example.com', extra: true }],
    [/url must be string/, 'url', 'invalid_request', { url: 42 }],
    [/http or https/, 'url', 'invalid_url', { url: 'javascript:alert(1)' }],
    [/loopback, private/, 'url', 'invalid_url', { url: 'http://127.0.0.1/' }],
    [/back to this shortener/, 'url', 'invalid_url', { url: 'https://sho.rt/loop' }],
    [
      /url must NOT have more than 2048 characters/,
      'url',
      'invalid_request',
      { url: `https://example.com/${'x'.repeat(2048)}` },
    ],
    [/alias must match pattern/, 'alias', 'invalid_request', { url: 'https://example.com', alias: 'ab' }],
    [/alias must match pattern/, 'alias', 'invalid_request', { url: 'https://example.com', alias: 'no spaces' }],
    [/alias must match pattern/, 'alias', 'invalid_request', { url: 'https://example.com', alias: 'x'.repeat(65) }],
    [/alias "HeAlTh" is reserved/, 'alias', 'alias_reserved', { url: 'https://example.com', alias: 'HeAlTh' }],
    [/reserved/, 'alias', 'alias_reserved', { url: 'https://example.com', alias: 'Metrics' }],
    [/reserved/, 'alias', 'alias_reserved', { url: 'https://example.com', alias: 'api' }],
    [/ttlSeconds must be >= 1/, 'ttlSeconds', 'invalid_request', { url: 'https://example.com', ttlSeconds: 0 }],
    [/ttlSeconds must be integer/, 'ttlSeconds', 'invalid_request', { url: 'https://example.com', ttlSeconds: 1.5 }],
    [
      /expiresAt must match format "date-time"/,
      'expiresAt',
      'invalid_request',
      { url: 'https://example.com', expiresAt: 'tomorrow' },
    ],
    [
      /expiresAt must be in the future/,
      'expiresAt',
      'invalid_expiry',
      { url: 'https://example.com', expiresAt: '2001-01-01T00:00:00Z' },
    ],
    [
      /not both/,
      'ttlSeconds',
      'invalid_expiry',
      { url: 'https://example.com', expiresAt: '2999-01-01T00:00:00Z', ttlSeconds: 5 },
    ],
    [/maxVisits must be >= 1/, 'maxVisits', 'invalid_request', { url: 'https://example.com', maxVisits: 0 }],
  ])(
    'refuses with 400 (%s), naming the field %s and the code %s, and stores nothing',
    async (message, field, code, body) => {
      const alias = uniqueAlias('bad');
      const withAlias = 'alias' in body ? body : { ...body, alias };
      const response = await create(withAlias).expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code,
        message: expect.stringMatching(message),
        fields: { [field]: expect.stringMatching(message) },
      });
      const stored = (withAlias as { alias: string }).alias;
      if (/^[\w-]{3,64}$/.test(stored)) await request(app.server).get(`/api/links/${stored}`).expect(404);
    },
  );

  it('answers 413 for a body over 16 KiB', async () => {
    const response = await create({ url: `https://example.com/?q=${'a'.repeat(17 * 1024)}` }).expect(413);
    expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it.each([
    {
      status: 415,
      what: 'a body that is not JSON',
      type: 'text/plain',
      body: 'https://example.com',
      error: 'Unsupported Media Type',
    },
    { status: 400, what: 'malformed JSON', type: 'application/json', body: '{"url": ', error: 'Bad Request' },
  ])('answers $status for $what', async ({ status, type, body, error }) => {
    const response = await request(app.server).post('/api/links').set('content-type', type).send(body).expect(status);
    expect(response.body).toMatchObject({ statusCode: status, error });
  });
});

describe('GET /api/links/:code', () => {
  it('returns the link and its stats', async () => {
    const alias = uniqueAlias();
    await create({ url: 'https://example.com/stats', alias, maxVisits: 10 }).expect(201);
    const fresh = await request(app.server).get(`/api/links/${alias}`).expect(200);
    expect(fresh.body).toMatchObject({ code: alias, visits: 0, lastVisitAt: null, maxVisits: 10, expiresAt: null });

    await request(app.server).get(`/${alias}`).expect(302);
    await request(app.server).get(`/${alias}`).expect(302);
    const visited = await request(app.server).get(`/api/links/${alias}`).expect(200);
    expect(visited.body.visits).toBe(2);
    expect(Date.parse(visited.body.lastVisitAt)).toBeGreaterThanOrEqual(Date.parse(visited.body.createdAt));
  });

  it('answers 404 for an unknown or impossible code', async () => {
    const response = await request(app.server).get('/api/links/nope-never-made').expect(404);
    expect(response.body).toEqual(notFoundBody('nope-never-made'));
    await request(app.server).get('/api/links/x').expect(404);
  });
});

describe('DELETE /api/links/:code', () => {
  it('needs an API key: 401 without, 403 with a wrong one, 204 with a right one', async () => {
    const alias = uniqueAlias();
    await create({ url: 'https://example.com', alias }).expect(201);

    const missing = await request(app.server).delete(`/api/links/${alias}`).expect(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    await request(app.server).delete(`/api/links/${alias}`).set('authorization', 'Basic Zm9vOmJhcg==').expect(401);
    const wrong = await request(app.server)
      .delete(`/api/links/${alias}`)
      .set('authorization', 'Bearer not-the-key')
      .expect(403);
    expect(wrong.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    await request(app.server).get(`/api/links/${alias}`).expect(200);

    await request(app.server).delete(`/api/links/${alias}`).set('authorization', `Bearer ${API_KEY}`).expect(204);
    await request(app.server).get(`/api/links/${alias}`).expect(404);
    await request(app.server).get(`/${alias}`).expect(404);
    await request(app.server).delete(`/api/links/${alias}`).set('authorization', `Bearer ${API_KEY}`).expect(404);
  });

  it('refuses every key when none is configured', async () => {
    const locked = await startApp();
    try {
      await request(locked.server).delete('/api/links/whatever').set('authorization', `Bearer ${API_KEY}`).expect(403);
    } finally {
      await locked.close();
    }
  });
});

describe('GET /api/links/:code/qr', () => {
  it('draws the short URL as SVG by default and PNG on request', async () => {
    const alias = uniqueAlias();
    await create({ url: 'https://example.com', alias }).expect(201);

    const svg = await request(app.server).get(`/api/links/${alias}/qr`).expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(String(svg.body ?? svg.text)).toContain('<svg');

    const png = await request(app.server)
      .get(`/api/links/${alias}/qr?format=png`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('answers 404 for an unknown code and 400 for an unknown format', async () => {
    await request(app.server).get('/api/links/never-made-qr/qr').expect(404);
    const alias = uniqueAlias();
    await create({ url: 'https://example.com', alias }).expect(201);
    const response = await request(app.server).get(`/api/links/${alias}/qr?format=gif`).expect(400);
    expect(response.body.message).toMatch(/format/);
  });
});

describe('POST /api/links with an Idempotency-Key', () => {
  const createWithKey = (key: string, body: object) =>
    request(app.server).post('/api/links').set('idempotency-key', key).send(body);

  it('answers a repeat of the same request with the first link, and makes no second one', async () => {
    const key = `key-${uniqueAlias()}`;
    const body = { url: 'https://example.com/once', ttlSeconds: 3600 };
    const first = await createWithKey(key, body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Same fields in another order: the same request.
    const again = await createWithKey(key, { ttlSeconds: 3600, url: 'https://example.com/once' }).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(`/api/links/${first.body.code}`);
  });

  it('answers a retried alias create with its link, not 409', async () => {
    const alias = uniqueAlias('idem');
    const key = `key-${alias}`;
    const first = await createWithKey(key, { url: 'https://example.com/a', alias }).expect(201);
    const again = await createWithKey(key, { url: 'https://example.com/a', alias }).expect(201);
    expect(again.body).toEqual(first.body);
    // Without the key, the alias is simply taken.
    await create({ url: 'https://example.com/a', alias }).expect(409);
  });

  it('refuses a used key with another request: 422, and nothing stored', async () => {
    const key = `key-${uniqueAlias()}`;
    await createWithKey(key, { url: 'https://example.com/first' }).expect(201);
    const alias = uniqueAlias('other');
    const reused = await createWithKey(key, { url: 'https://example.com/second', alias }).expect(422);
    expect(reused.body).toMatchObject({ statusCode: 422, code: 'idempotency_key_reused' });
    await request(app.server).get(`/api/links/${alias}`).expect(404);
  });

  it('refuses a malformed key with 400', async () => {
    const response = await createWithKey('not a key!', { url: 'https://example.com' }).expect(400);
    expect(response.body).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/idempotency-key/) });
  });
});

// A Redis that stalls past the command timeout runs the queued commands when it resumes,
// after the client got 503: a create or a visit that ran then would do what the client
// was told failed.
describe('a create retried after a stall', () => {
  let owned: OwnedRedis;
  let stalled: TestApp;
  let admin: Redis;
  beforeAll(async () => {
    owned = await startOwnedRedis();
    stalled = await startApp({ REDIS_URL: owned.url, REDIS_COMMAND_TIMEOUT_MS: '200' });
    admin = new Redis(owned.url);
  });
  afterAll(async () => {
    await admin?.quit();
    await stalled?.close();
    await owned?.close();
  });

  const stall = async (during: () => Promise<unknown>) => {
    await admin.client('PAUSE', 1000, 'ALL');
    await during();
    await new Promise((resolve) => setTimeout(resolve, 1200));
  };

  it('stores nothing for a create answered 503, and its retry with the same key creates it', async () => {
    const alias = uniqueAlias('stall');
    const body = { url: 'https://example.com/stalled', alias };
    // The scripts are known to Redis before the stall, as they are in a running service.
    await request(stalled.server).post('/api/links').send({ url: 'https://example.com/warm' }).expect(201);
    await stall(() =>
      request(stalled.server).post('/api/links').set('idempotency-key', `key-${alias}`).send(body).expect(503),
    );
    await request(stalled.server).get(`/api/links/${alias}`).expect(404);
    const retried = await request(stalled.server)
      .post('/api/links')
      .set('idempotency-key', `key-${alias}`)
      .send(body)
      .expect(201);
    expect(retried.body).toMatchObject({ code: alias, url: 'https://example.com/stalled' });
  });

  it('counts each request once in the shared rate limit, a stalled one included', async () => {
    const limited = await startApp({
      REDIS_URL: owned.url,
      REDIS_COMMAND_TIMEOUT_MS: '200',
      TRUST_PROXY: 'true',
      RATE_LIMIT_CREATE_MAX: '5',
    });
    try {
      const ip = '2001:db8:5a11::1';
      const createFrom = () =>
        request(limited.server).post('/api/links').set('x-forwarded-for', ip).send({ url: 'https://example.com/rl' });
      for (let i = 0; i < 3; i++) await createFrom().expect(201);
      // The fourth waits in the stalled Redis past its deadline: 503, counted once when Redis runs it.
      await stall(() => createFrom().expect(503));
      const after = [(await createFrom()).status, (await createFrom()).status];
      expect(after).toEqual([201, 429]);
    } finally {
      await limited.close();
    }
  });

  it('uses no visit of a limited link for a redirect answered 503', async () => {
    const alias = uniqueAlias('limited');
    await request(stalled.server).post('/api/links').send({ url: 'https://example.com/two', alias, maxVisits: 2 });
    await stall(() => request(stalled.server).get(`/${alias}`).expect(503));
    expect(await admin.hget(`shortly:link:${alias}`, 'visits')).toBe('0');
    await request(stalled.server).get(`/${alias}`).expect(302);
    await request(stalled.server).get(`/${alias}`).expect(302);
    await request(stalled.server).get(`/${alias}`).expect(410);
  });
});

describe('the recent-links list', () => {
  const REDIS_URL = redisUrlForDatabase(8);
  /** Two keys on either side of the 50 % mark of the recent-links rollout. */
  const keys = Array.from({ length: 50 }, (_, i) => `list-key-${i}`);
  const keyId = (key: string) => hashApiKey(key).subarray(0, 8).toString('hex');
  const EARLY_KEY = keys.find((key) => bucketOf(FLAGS.recentLinks, keyId(key)) < 50) as string;
  const LATE_KEY = keys.find((key) => bucketOf(FLAGS.recentLinks, keyId(key)) >= 50) as string;

  let listApp: TestApp;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    await redis.flushdb();
    listApp = await startApp({
      REDIS_URL,
      API_KEY_HASHES: [EARLY_KEY, LATE_KEY].map((key) => hashApiKey(key).toString('hex')).join(','),
      FEATURE_FLAGS_REFRESH_MS: '100',
    });
  });
  afterAll(async () => {
    await listApp.close();
    await redis.quit();
  });

  const list = (key: string | undefined, query = '') => {
    const call = request(listApp.server).get(`/api/links${query}`);
    return key ? call.set('authorization', `Bearer ${key}`) : call;
  };

  async function setRollout(percentage: number) {
    await redis.hset(FLAGS_KEY, FLAGS.recentLinks, String(percentage));
    await expect.poll(() => listApp.flags.percentage(FLAGS.recentLinks), { timeout: 3000 }).toBe(percentage);
  }

  async function createLink(url: string): Promise<string> {
    const alias = uniqueAlias('list');
    await request(listApp.server).post('/api/links').send({ url, alias }).expect(201);
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
      await request(listApp.server).get(`/${second}`).expect(302);

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
      await request(listApp.server)
        .delete(`/api/links/${deleted}`)
        .set('authorization', `Bearer ${EARLY_KEY}`)
        .expect(204);
      expect(await redis.zscore(CREATED_INDEX_KEY, deleted)).toBeNull();
      // What Redis does when an expired link's retention ends: the hash goes, the index entry stays.
      await redis.del(`shortly:link:${reclaimed}`);

      const response = await list(EARLY_KEY, '?limit=1').expect(200);
      expect(response.body.links.map((link: { code: string }) => link.code)).toEqual([kept]);
      expect(await redis.zscore(CREATED_INDEX_KEY, reclaimed)).toBeNull();
    });
  });
});
