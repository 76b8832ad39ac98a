import { describe, expect, it } from 'vitest';
import { assertAliasAllowed, isPossibleCode, RESERVED_PATHS } from '../../src/links/codes.ts';

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
