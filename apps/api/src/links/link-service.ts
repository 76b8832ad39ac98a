import type { LRUCache } from 'lru-cache';
import type { CreateOutcome, Idempotency, LinkStore, NewLink, StoredLink, VisitOutcome } from './link-store.ts';
import type { VisitCounter } from './visit-counter.ts';

/** What a redirect needs to know about a link without a visit limit. */
export interface CachedLink {
  readonly url: string;
  readonly expiresAt: number | null;
}

/**
 * Links recently redirected, kept in this process. Links are never changed, only deleted,
 * and a deletion is announced to every replica; the entries' time to live bounds how long a
 * missed announcement (while the subscription reconnects) can leave a deleted link redirecting.
 */
export type LinkCache = LRUCache<string, CachedLink>;

/**
 * What the routes use: the Redis store, with a cache and batched visit counts in front of
 * the redirect path. Links with a visit limit always go to Redis, so the limit stays exact.
 */
export class LinkService {
  readonly #store: LinkStore;
  readonly #cache: LinkCache;
  readonly #counter: VisitCounter;
  readonly #cacheIsTrusted: () => boolean;

  /** cacheIsTrusted: false while deletions could be missed (no invalidation subscription). */
  constructor(store: LinkStore, cache: LinkCache, counter: VisitCounter, cacheIsTrusted: () => boolean) {
    this.#store = store;
    this.#cache = cache;
    this.#counter = counter;
    this.#cacheIsTrusted = cacheIsTrusted;
  }

  create(link: NewLink, idempotency?: Idempotency): Promise<CreateOutcome> {
    return this.#store.create(link, idempotency);
  }

  /**
   * A visit this process can answer alone: a cached, unexpired link. The visit is counted
   * and the link returned without a promise, the redirect path's common case. undefined:
   * ask visitInStore(), which goes to Redis (an expired link's 410 too, decided there).
   */
  visitCached(code: string, now: number): CachedLink | undefined {
    if (!this.#cacheIsTrusted()) return undefined;
    const cached = this.#cache.get(code);
    if (cached === undefined || (cached.expiresAt !== null && cached.expiresAt <= now)) return undefined;
    this.#counter.add(code, now);
    return cached;
  }

  /** A visit visitCached() could not answer: decided and counted in Redis, then cached if it may be. */
  async visitInStore(code: string, now: number): Promise<VisitOutcome> {
    const outcome = await this.#store.visit(code, now);
    if (outcome.kind === 'redirected' && outcome.maxVisits === null && this.#cacheIsTrusted()) {
      this.#cache.set(code, { url: outcome.url, expiresAt: outcome.expiresAt });
    }
    return outcome;
  }

  /** The stored link, with the visits this replica counted and has not written yet. */
  async get(code: string): Promise<StoredLink | null> {
    const link = await this.#store.get(code);
    return link && this.#withPendingVisits(link);
  }

  /** The newest links, newest first. */
  async recent(limit: number): Promise<StoredLink[]> {
    const links = await this.#store.recent(limit);
    return links.map((link) => this.#withPendingVisits(link));
  }

  async delete(code: string): Promise<boolean> {
    this.forget(code);
    return this.#store.delete(code);
  }

  /** Forgets a deleted code: its cached link and the visits counted for it here. */
  forget(code: string): void {
    this.#cache.delete(code);
    this.#counter.discard(code);
  }

  probe(): Promise<void> {
    return this.#store.probe();
  }

  #withPendingVisits(link: StoredLink): StoredLink {
    const pending = this.#counter.pending(link.code);
    // Visits from before this link was created went to a deleted one of the same code.
    if (!pending || pending.firstVisitAt < link.createdAt) return link;
    return {
      ...link,
      visits: link.visits + pending.count,
      lastVisitAt: Math.max(link.lastVisitAt ?? 0, pending.lastVisitAt),
    };
  }
}
