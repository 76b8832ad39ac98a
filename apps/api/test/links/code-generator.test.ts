import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, createCodeGenerator } from '../../src/links/code-generator.ts';

describe('createCodeGenerator', () => {
  it('uses no look-alike characters and only URL-safe ones', () => {
    for (const lookAlike of '0Oo1lI') expect(CODE_ALPHABET).not.toContain(lookAlike);
    expect(CODE_ALPHABET).toMatch(/^[A-Za-z0-9]+$/);
    expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length);
  });

  it.each([5, 7, 12])('makes codes of the configured length (%i)', (length) => {
    const generate = createCodeGenerator(length);
    for (let i = 0; i < 200; i++) {
      const code = generate();
      expect(code).toHaveLength(length);
      for (const char of code) expect(CODE_ALPHABET).toContain(char);
    }
  });

  it('spreads over the whole alphabet without repeating codes', () => {
    const generate = createCodeGenerator(7);
    const codes = new Set(Array.from({ length: 20_000 }, generate));
    expect(codes.size).toBe(20_000);
    const seen = new Set([...codes].join(''));
    expect(seen.size).toBe(CODE_ALPHABET.length);
  });
});
