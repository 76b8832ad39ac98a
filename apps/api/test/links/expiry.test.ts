import { describe, expect, it } from 'vitest';
import { resolveExpiry } from '../../src/links/expiry.ts';

describe('resolveExpiry', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('is null without expiresAt or ttlSeconds', () => {
    expect(resolveExpiry({}, now)).toBeNull();
  });

  it('turns ttlSeconds into a deadline', () => {
    expect(resolveExpiry({ ttlSeconds: 90 }, now)).toBe(now + 90_000);
  });

  it('accepts a future expiresAt', () => {
    expect(resolveExpiry({ expiresAt: '2026-02-01T00:00:00Z' }, now)).toBe(Date.parse('2026-02-01T00:00:00Z'));
  });

  it.each([
    [{ expiresAt: '2026-02-01T00:00:00Z', ttlSeconds: 10 }, /not both/],
    [{ expiresAt: '2025-12-31T23:59:59Z' }, /in the future/],
    [{ expiresAt: '2026-01-01T00:00:00Z' }, /in the future/],
    [{ expiresAt: '2040-01-01T00:00:00Z' }, /at most 10 years/],
  ])('refuses %j', (input, rule) => {
    expect(() => resolveExpiry(input, now)).toThrow(rule);
  });
});
