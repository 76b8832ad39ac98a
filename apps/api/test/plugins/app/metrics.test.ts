import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp, uniqueAlias } from '../../helpers/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.close());

async function scrape(): Promise<string> {
  return (await request(app.server).get('/metrics').expect(200)).text;
}

/** A sample's value in the exposition text; 0 when the series is not there yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const SERIES = {
  redirected: 'http_requests_total{method="GET",route="/:code",status_code="302"}',
  redirectedObserved: 'http_request_duration_seconds_count{method="GET",route="/:code",status_code="302"}',
  unknownCode: 'http_requests_total{method="GET",route="/:code",status_code="404"}',
  unmatched: 'http_requests_total{method="GET",route="unmatched",status_code="404"}',
  unmatchedObserved: 'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}',
  outcomeRedirected: 'shortly_redirects_total{outcome="redirected"}',
  outcomeNotFound: 'shortly_redirects_total{outcome="not_found"}',
  cacheHit: 'shortly_link_cache_lookups_total{result="hit"}',
  cacheMiss: 'shortly_link_cache_lookups_total{result="miss"}',
};

// Every request is counted exactly once, however the scrapes fall.
describe('request and redirect counters', () => {
  it('count each request once, by route template, across scrapes', async () => {
    const alias = uniqueAlias('metrics');
    await request(app.server).post('/api/links').send({ url: 'https://example.com/counted', alias }).expect(201);
    const before = await scrape();

    for (let visit = 0; visit < 3; visit++) await request(app.server).get(`/${alias}`).expect(302);
    await request(app.server).get('/never-created').expect(404);
    await request(app.server).get('/no/such/path').expect(404);
    await request(app.server).get('/no/such/path/either').expect(404);
    const after = await scrape();
    const again = await scrape();

    const delta = (name: keyof typeof SERIES) => sample(after, SERIES[name]) - sample(before, SERIES[name]);
    expect(delta('redirected')).toBe(3);
    expect(delta('redirectedObserved')).toBe(3);
    expect(delta('outcomeRedirected')).toBe(3);
    expect(delta('unknownCode')).toBe(1);
    expect(delta('outcomeNotFound')).toBe(1);
    expect(delta('unmatched')).toBe(2);
    expect(delta('unmatchedObserved')).toBe(2);
    // Each of the three visits was answered by the cache or by Redis; once the first has
    // cached the link, the others come from the cache. An impossible code is neither.
    expect(delta('cacheHit') + delta('cacheMiss')).toBe(4);
    expect(delta('cacheHit')).toBeGreaterThanOrEqual(2);
    // A scrape with no traffic in between adds nothing: no count is added twice.
    for (const series of Object.values(SERIES)) expect(sample(again, series)).toBe(sample(after, series));
    expect(after).not.toContain(alias);
  });

  it('label each route by its own template, HEAD and API routes included', async () => {
    const series = [
      'http_requests_total{method="POST",route="/api/links",status_code="201"}',
      'http_requests_total{method="HEAD",route="/:code",status_code="302"}',
      'http_requests_total{method="GET",route="/api/links/:code",status_code="200"}',
    ];
    const before = await scrape();
    const alias = uniqueAlias('metrics');
    await request(app.server).post('/api/links').send({ url: 'https://example.com/head', alias }).expect(201);
    await request(app.server).head(`/${alias}`).expect(302);
    await request(app.server).get(`/api/links/${alias}`).expect(200);
    const after = await scrape();
    expect(series.map((name) => sample(after, name) - sample(before, name))).toEqual([1, 1, 1]);
  });
});
