import { describe, expect, it } from 'vitest';
import { assertAliasAllowed, isPossibleCode, resolveExpiry } from '../../src/links/code-rules.ts';
import { RESERVED_PATHS } from '../../src/links/reserved.ts';

describe('aliases', () => {
  it.each(['health', 'HEALTH', 'Ready', 'metrics', 'Docs', 'API', 'assets'])(
    'refuses the reserved word %s',
    (alias) => {
      expect(() => assertAliasAllowed(alias)).toThrow(/reserved/);
    },
  );

  it('accepts an ordinary alias', () => {
    expect(() => assertAliasAllowed('my-launch_2026')).not.toThrow();
  });

  it('never treats a reserved path or a malformed segment as a code', () => {
    for (const path of RESERVED_PATHS) expect(isPossibleCode(path)).toBe(false);
    for (const segment of ['ab', 'a'.repeat(65), 'has space', 'dot.ted', 'percent%20']) {
      expect(isPossibleCode(segment)).toBe(false);
    }
    expect(isPossibleCode('Ab3_-x')).toBe(true);
  });
});

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
