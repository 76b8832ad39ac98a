import { describe, expect, it } from 'vitest';
import { RequestError, sortErrors } from '../src/api.ts';
import { codeFromInput } from '../src/components/StatsView.tsx';
import { getRecentLinks, RECENT_LINKS_KEY, RECENT_LINKS_LIMIT, rememberLink } from '../src/recent.ts';
import { href, parseRoute } from '../src/route.ts';
import { aLink } from './fake-api.ts';

describe('sortErrors', () => {
  it.each([
    ['url', 'url'],
    ['alias', 'alias'],
    ['expiresAt', 'expiry'],
    ['ttlSeconds', 'expiry'],
  ] as const)('puts an error about the body field %s next to the %s form field', (name, field) => {
    const error = new RequestError(400, 'the message', {
      code: 'invalid_request',
      fields: { [name]: 'what is wrong' },
    });
    expect(sortErrors(error)).toEqual({ fields: { [field]: 'what is wrong' }, general: [] });
  });

  it('keeps fields of no form field, and errors without fields, as general errors', () => {
    const unknown = new RequestError(400, 'body has an unknown field "x"', {
      fields: { x: 'body has an unknown field "x"' },
    });
    expect(sortErrors(unknown)).toEqual({ fields: {}, general: ['body has an unknown field "x"'] });
    expect(sortErrors(new RequestError(400, 'url is fine, something else is not'))).toEqual({
      fields: {},
      general: ['url is fine, something else is not'],
    });
  });

  it('joins two errors that land on the same form field', () => {
    const both = new RequestError(400, 'm', {
      fields: { expiresAt: 'expiresAt is wrong', ttlSeconds: 'so is ttlSeconds' },
    });
    expect(sortErrors(both).fields.expiry).toBe('expiresAt is wrong; so is ttlSeconds');
  });
});

describe('routes', () => {
  it('keeps every page of the app in the fragment', () => {
    expect(parseRoute('')).toEqual({ page: 'shorten' });
    expect(parseRoute('#/')).toEqual({ page: 'shorten' });
    expect(parseRoute('#/stats')).toEqual({ page: 'stats', code: '' });
    expect(parseRoute('#/stats/abc_12-3')).toEqual({ page: 'stats', code: 'abc_12-3' });
    expect(parseRoute('#/stats/a%20b')).toEqual({ page: 'stats', code: 'a b' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'shorten' });
    expect(href.stats('abc')).toBe('#/stats/abc');
    expect(href.stats('a/b')).toBe('#/stats/a%2Fb');
  });

  it('reads a code from a code, a path or a whole short URL', () => {
    expect(codeFromInput(' abc123 ')).toBe('abc123');
    expect(codeFromInput('/abc123')).toBe('abc123');
    expect(codeFromInput('https://sho.rt/abc123')).toBe('abc123');
    expect(codeFromInput('http://localhost:8080/abc123/')).toBe('abc123');
  });
});

describe('recent links store', () => {
  it('keeps the newest first, once per code, at most the limit', () => {
    for (let i = 0; i < RECENT_LINKS_LIMIT + 3; i++) rememberLink(aLink({ code: `code${i}` }));
    rememberLink(aLink({ code: 'code5', url: 'https://example.org/again' }));

    const links = getRecentLinks();
    expect(links).toHaveLength(RECENT_LINKS_LIMIT);
    expect(links[0]).toMatchObject({ code: 'code5', url: 'https://example.org/again' });
    expect(links.filter((link) => link.code === 'code5')).toHaveLength(1);
    expect(links[1]?.code).toBe(`code${RECENT_LINKS_LIMIT + 2}`);
  });

  it('returns the same list while storage is unchanged', () => {
    rememberLink(aLink());
    expect(getRecentLinks()).toBe(getRecentLinks());
  });

  it('ignores what it cannot read', () => {
    window.localStorage.setItem(RECENT_LINKS_KEY, '{not json');
    expect(getRecentLinks()).toEqual([]);
    window.localStorage.setItem(RECENT_LINKS_KEY, JSON.stringify([{ code: 1 }, aLink({ code: 'good1' })]));
    expect(getRecentLinks().map((link) => link.code)).toEqual(['good1']);
  });
});
