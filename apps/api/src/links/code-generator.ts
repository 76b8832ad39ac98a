import { customAlphabet } from 'nanoid';

/**
 * URL-safe characters without the look-alikes 0/O/o, 1/l/I: a code read aloud or
 * copied from print still works. 56 symbols, so 7 characters give 56^7 ≈ 1.7e12 codes.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz';

/** Returns a generator of random codes of the given length (crypto-strong, unbiased). */
export function createCodeGenerator(length: number): () => string {
  return customAlphabet(CODE_ALPHABET, length);
}
