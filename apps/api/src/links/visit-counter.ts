import type { PendingVisits } from './link-store.ts';

/** Codes per write: a flush of thousands in one command would hold the event loop while it is built. */
const CHUNK_SIZE = 500;

/** How long a code's tally is kept after its last visit, for the next visit to reuse. */
const IDLE_TALLY_MS = 10_000;

// Q(scaling-caching): How do caching and batched counting take the database off the hot path without losing counts?
// A redirect of a cached link only adds one to a counter in memory; the counters are
// written to Redis every flush interval, 500 codes per script, and once more on shutdown.
// A crash (SIGKILL, out of memory) loses at most one interval of counts for links without
// a visit limit (plus the chunks of a flush not written yet); links with maxVisits are
// always counted in Redis, atomically, at once.
export class VisitCounter {
  /**
   * A tally per code visited in the last IDLE_TALLY_MS. A flush resets a tally rather than
   * dropping it, so a busy code's tally is not garbage every interval.
   */
  readonly #tallies = new Map<string, { count: number; firstVisitAt: number; lastVisitAt: number }>();
  readonly #write: (batch: PendingVisits[]) => Promise<void>;
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(write: (batch: PendingVisits[]) => Promise<void>) {
    this.#write = write;
  }

  add(code: string, at: number): void {
    const tally = this.#tallies.get(code);
    if (!tally) {
      this.#tallies.set(code, { count: 1, firstVisitAt: at, lastVisitAt: at });
      return;
    }
    if (tally.count === 0) tally.firstVisitAt = at;
    tally.count += 1;
    tally.lastVisitAt = at;
  }

  /** Visits of a code counted here and not written yet. */
  pending(code: string): Omit<PendingVisits, 'code'> | undefined {
    const tally = this.#tallies.get(code);
    return tally && tally.count > 0 ? tally : undefined;
  }

  /** Forgets the visits of a deleted link, so a link created under its code does not get them. */
  discard(code: string): void {
    this.#tallies.delete(code);
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
    const batch: PendingVisits[] = [];
    const idleSince = Date.now() - IDLE_TALLY_MS;
    for (const [code, tally] of this.#tallies) {
      if (tally.count === 0) {
        if (tally.lastVisitAt < idleSince) this.#tallies.delete(code);
        continue;
      }
      batch.push({ code, count: tally.count, firstVisitAt: tally.firstVisitAt, lastVisitAt: tally.lastVisitAt });
      tally.count = 0;
    }
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
      const tally = this.#tallies.get(visit.code);
      if (tally) {
        tally.firstVisitAt = tally.count === 0 ? visit.firstVisitAt : Math.min(tally.firstVisitAt, visit.firstVisitAt);
        tally.count += visit.count;
        tally.lastVisitAt = Math.max(tally.lastVisitAt, visit.lastVisitAt);
      } else {
        this.#tallies.set(visit.code, {
          count: visit.count,
          firstVisitAt: visit.firstVisitAt,
          lastVisitAt: visit.lastVisitAt,
        });
      }
    }
  }
}
