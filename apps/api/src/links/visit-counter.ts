import type { PendingVisits } from './link-store.ts';

/**
 * Codes per write. A flush of thousands of codes in one write held the event loop for
 * about 5 ms while the command was built, every interval: a redirect arriving then waited
 * for it (the bench's p99). Chunks are written one after the other.
 */
const CHUNK_SIZE = 500;

// Q(scaling-caching): How do caching and batched counting take the database off the hot path without losing counts?
// A redirect of a cached link only adds one to a counter in memory; the counters are
// written to Redis every flush interval, 500 codes per script, and once more on shutdown.
// A crash (SIGKILL, out of memory) loses at most one interval of counts for links without
// a visit limit (plus the chunks of a flush not written yet); links with maxVisits are
// always counted in Redis, atomically, at once.
export class VisitCounter {
  readonly #pending = new Map<string, { count: number; lastVisitAt: number }>();
  readonly #write: (batch: PendingVisits[]) => Promise<void>;
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(write: (batch: PendingVisits[]) => Promise<void>) {
    this.#write = write;
  }

  add(code: string, at: number): void {
    const entry = this.#pending.get(code);
    if (entry) {
      entry.count += 1;
      entry.lastVisitAt = at;
    } else {
      this.#pending.set(code, { count: 1, lastVisitAt: at });
    }
  }

  /** Visits of a code counted here and not written yet. */
  pending(code: string): { count: number; lastVisitAt: number } | undefined {
    return this.#pending.get(code);
  }

  /** Writes what is pending; on failure the counts stay and go with the next flush. */
  flush(): Promise<void> {
    this.#flushing ??= this.#flushOnce().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.#timer = setInterval(() => this.flush().catch(onError), intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#flushing?.catch(() => undefined);
    await this.flush();
  }

  async #flushOnce(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending].map(([code, { count, lastVisitAt }]) => ({ code, count, lastVisitAt }));
    this.#pending.clear();
    for (let start = 0; start < batch.length; start += CHUNK_SIZE) {
      try {
        await this.#write(batch.slice(start, start + CHUNK_SIZE));
      } catch (error) {
        // The chunks written stay written; this one and the rest go with the next flush.
        this.#restore(batch.slice(start));
        throw error;
      }
    }
  }

  #restore(visits: readonly PendingVisits[]): void {
    for (const visit of visits) {
      const entry = this.#pending.get(visit.code);
      this.#pending.set(visit.code, {
        count: visit.count + (entry?.count ?? 0),
        lastVisitAt: Math.max(visit.lastVisitAt, entry?.lastVisitAt ?? 0),
      });
    }
  }
}
