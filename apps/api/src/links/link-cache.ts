/** What a redirect needs to know about a link without a visit limit. */
export interface CachedLink {
  readonly url: string;
  readonly expiresAt: number | null;
}

/**
 * Links recently redirected, kept in this process. Links are never changed, only deleted,
 * and a deletion is announced to every replica; the time limit bounds how long a missed
 * announcement (while the subscription reconnects) can leave a deleted link redirecting.
 */
export class LinkCache {
  readonly #entries = new Map<string, CachedLink & { readonly cachedAt: number }>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;

  constructor(maxEntries: number, ttlMs: number) {
    this.#maxEntries = maxEntries;
    this.#ttlMs = ttlMs;
  }

  get(code: string, now: number): CachedLink | undefined {
    const entry = this.#entries.get(code);
    if (entry === undefined) return undefined;
    if (now - entry.cachedAt > this.#ttlMs) {
      this.#entries.delete(code);
      return undefined;
    }
    return entry;
  }

  set(code: string, link: CachedLink, now: number): void {
    if (this.#entries.size >= this.#maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(code, { ...link, cachedAt: now });
  }

  delete(code: string): void {
    this.#entries.delete(code);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
