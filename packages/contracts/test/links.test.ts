import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ApiError, CreateLinkBody, LinkStats } from '../src/index.ts';

describe('CreateLinkBody', () => {
  it('accepts the documented shapes', () => {
    expect(Value.Check(CreateLinkBody, { url: 'https://example.com' })).toBe(true);
    expect(
      Value.Check(CreateLinkBody, { url: 'https://example.com', alias: 'my_link-1', ttlSeconds: 60, maxVisits: 3 }),
    ).toBe(true);
  });

  it.each([
    [{}, 'url is required'],
    [{ url: 'https://example.com', extra: 1 }, 'unknown fields are refused'],
    [{ url: 'https://example.com', alias: 'ab' }, 'alias is at least 3 characters'],
    [{ url: 'https://example.com', alias: 'has space' }, 'alias is URL-safe'],
    [{ url: 'https://example.com', ttlSeconds: 0 }, 'ttlSeconds is positive'],
    [{ url: 'https://example.com', maxVisits: 1.5 }, 'maxVisits is an integer'],
    [{ url: 'x'.repeat(2049) }, 'url is at most 2048 characters'],
  ])('refuses %j (%s)', (body, _rule) => {
    expect(Value.Check(CreateLinkBody, body)).toBe(false);
  });
});

describe('responses', () => {
  it('LinkStats allows null for the optional moments and limits', () => {
    const stats = {
      code: 'abc1234',
      shortUrl: 'https://sho.rt/abc1234',
      url: 'https://example.com/',
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: null,
      maxVisits: null,
      visits: 0,
      lastVisitAt: null,
    };
    expect(Value.Check(LinkStats, stats)).toBe(true);
    expect(Value.Check(LinkStats, { ...stats, visits: -1 })).toBe(false);
  });

  it('ApiError is the one error shape', () => {
    expect(Value.Check(ApiError, { statusCode: 404, error: 'Not Found', code: 'not_found', message: 'No link' })).toBe(
      true,
    );
    const invalidUrl = { url: 'url must use http or https, not ftp' };
    expect(
      Value.Check(ApiError, {
        statusCode: 400,
        error: 'Bad Request',
        code: 'invalid_url',
        message: invalidUrl.url,
        fields: invalidUrl,
      }),
    ).toBe(true);
    // Every error names its stable code, in snake case.
    expect(Value.Check(ApiError, { statusCode: 404, error: 'Not Found', message: 'No link' })).toBe(false);
    expect(Value.Check(ApiError, { statusCode: 404, error: 'Not Found', code: 'Not Found', message: '' })).toBe(false);
    expect(Value.Check(ApiError, { statusCode: 200, error: 'OK', code: 'ok', message: '' })).toBe(false);
  });
});
