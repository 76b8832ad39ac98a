import { describe, expect, it } from 'vitest';
import { sortErrorMessage } from '../src/api.ts';
import { codeFromInput } from '../src/components/StatsView.tsx';
import { getRecentLinks, RECENT_LINKS_KEY, RECENT_LINKS_LIMIT, rememberLink } from '../src/recent.ts';
import { href, parseRoute } from '../src/route.ts';
import { aLink } from './fake-api.ts';

describe('sortErrorMessage', () => {
  it.each([
    ['url must use http or https, not javascript', 'url'],
    ['url host "localhost" is local to the server and not allowed', 'url'],
    ['alias must match pattern "^[A-Za-z0-9_-]{3,64}$"', 'alias'],
    ['alias "api" is reserved: it is a path of the service or the web app', 'alias'],
    ['alias "taken" is already taken', 'alias'],
    ['expiresAt must be in the future', 'expiry'],
    ['ttlSeconds must be >= 1', 'expiry'],
    ['give either expiresAt or ttlSeconds, not both', 'expiry'],
  ] as const)('puts "%s" next to the %s field', (message, field) => {
    expect(sortErrorMessage(message)).toEqual({ fields: { [field]: message }, general: [] });
  });

  it('keeps messages about no form field as general errors', () => {
    expect(sortErrorMessage('body has an unknown field "x"')).toEqual({
      fields: {},
      general: ['body has an unknown field "x"'],
    });
    expect(sortErrorMessage('maxVisits must be >= 1').general).toEqual(['maxVisits must be >= 1']);
  });

  it('splits a message that breaks several rules', () => {
    expect(
      sortErrorMessage('url must NOT have fewer than 1 characters; alias must match pattern "x"; body oops'),
    ).toEqual({
      fields: { url: 'url must NOT have fewer than 1 characters', alias: 'alias must match pattern "x"' },
      general: ['body oops'],
    });
  });

  it('does not take a word that merely starts like a field for the field', () => {
    expect(sortErrorMessage('urlish thing went wrong').general).toEqual(['urlish thing went wrong']);
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
