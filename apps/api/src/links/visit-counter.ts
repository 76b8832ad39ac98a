import { randomUUID } from 'node:crypto';
import type { PendingVisits } from './link-store.ts';

/** Codes per write: a flush of thousands in one command would hold the event loop while it is built. */
const CHUNK_SIZE = 500;

/** How long a code's tally is kept after its last visit, for the next visit to reuse. */
const IDLE_TALLY_MS = 10_000;

/** Visits written together; the id lets Redis apply them once however often they are sent. */
export interface VisitBatch {
  readonly id: string;
  readonly visits: readonly PendingVisits[];
}

type Tally = { count: number; firstVisitAt: number; lastVisitAt: number };

// Q(scaling-caching): How do caching and batched counting take the database off the hot path without losing counts?
// A redirect of a cached link only adds one to a counter in memory; the counters are
// written to Redis every flush interval, 500 codes per script, and once more on shutdown.
// A crash (SIGKILL, out of memory) loses at most one interval of counts for links without
// a visit limit (plus the batches not written yet); links with maxVisits are always
// counted in Redis, atomically, at once.
//
// Q(app-retry-backoff): How do you retry a write that may already have happened?
// A write that timed out may still run: a stalled Redis executes it when it resumes. So
// a failed batch is not merged back into the counts; it is sent again as it was, with its
// id, and Redis applies a batch id only once.
export class VisitCounter {
  /**
   * A tally per code visited in the last IDLE_TALLY_MS. A flush resets a tally rather than
   * dropping it, so a busy code's tally is not garbage every interval.
   */
  readonly #tallies = new Map<string, Tally>();
  /** Batches sent without an answer (they may have been applied), to send again first. */
  #unsent: VisitBatch[] = [];
  readonly #write: (batch: VisitBatch) => Promise<void>;
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(write: (batch: VisitBatch) => Promise<void>) {
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

  /** Visits of a code counted here and not known to be written. */
  pending(code: string): Omit<PendingVisits, 'code'> | undefined {
    const parts: Omit<PendingVisits, 'code'>[] = this.#unsent.flatMap((batch) =>
      batch.visits.filter((visit) => visit.code === code),
    );
    const tally = this.#tallies.get(code);
    if (tally && tally.count > 0) parts.push(tally);
    if (parts.length === 0) return undefined;
    return {
      count: parts.reduce((sum, part) => sum + part.count, 0),
      firstVisitAt: Math.min(...parts.map((part) => part.firstVisitAt)),
      lastVisitAt: Math.max(...parts.map((part) => part.lastVisitAt)),
    };
  }

  /** Forgets the visits of a deleted link, so a link created under its code does not get them. */
  discard(code: string): void {
    this.#tallies.delete(code);
    this.#unsent = this.#unsent.map((batch) => ({
      ...batch,
      visits: batch.visits.filter((visit) => visit.code !== code),
    }));
  }

  /** Writes what is pending; a batch that fails is sent again, as it was, by the next flush. */
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
    const fresh: PendingVisits[] = [];
    const idleSince = Date.now() - IDLE_TALLY_MS;
    for (const [code, tally] of this.#tallies) {
      if (tally.count === 0) {
        if (tally.lastVisitAt < idleSince) this.#tallies.delete(code);
        continue;
      }
      fresh.push({ code, count: tally.count, firstVisitAt: tally.firstVisitAt, lastVisitAt: tally.lastVisitAt });
      tally.count = 0;
    }
    for (let start = 0; start < fresh.length; start += CHUNK_SIZE) {
      this.#unsent.push({ id: randomUUID(), visits: fresh.slice(start, start + CHUNK_SIZE) });
    }
    while (this.#unsent.length > 0) {
      const [batch] = this.#unsent;
      if (batch && batch.visits.length > 0) await this.#write(batch);
      // Written, or emptied by discard(): the batches after it stay for the next flush on failure.
      this.#unsent.shift();
    }
  }
}
