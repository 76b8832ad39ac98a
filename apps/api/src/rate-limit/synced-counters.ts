import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { routeCounterPrefix } from './route-prefix.ts';

/** Adds this replica's count to the shared one, starts the window on its first count, returns [total, ms left]. */
const ADD_COUNT = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {total, ttl}
`;

declare module 'ioredis' {
  interface ChainableCommander {
    addRateLimitCount(key: string, count: number, windowMs: number): ChainableCommander;
  }
}

interface Counter {
  /** Counted here since the last sync. */
  unsynced: number;
  /** Counted here and on its way to Redis: still part of the count until Redis answers. */
  sending: number;
  /** All replicas' count at the last sync. */
  synced: number;
  resetAt: number;
  readonly windowMs: number;
}

export interface SyncedCountersOptions {
  /** Prefix of the Redis keys. */
  namespace: string;
  syncIntervalMs: number;
  /** Told once when a sync fails and once when syncs work again. */
  onSyncHealthChange: (error: Error | null) => void;
}

export interface Count {
  current: number;
  /** Milliseconds until the window resets. */
  ttl: number;
}

// Q(scaling-stateless-design): How do stateless replicas share one rate limit without a Redis round trip per request?
// Each replica counts in memory and adds its counts to Redis every syncIntervalMs in one
// pipeline; a client's count is the shared total at the last sync plus what this replica
// counted since. The limit stays one limit for all replicas, with a bounded error: a client
// spread over N replicas can pass it by what N - 1 of them count in one interval. While
// Redis is down the counts stay here and are added when it is back, so the limit falls
// back to per replica instead of off.
export class SyncedCounters {
  readonly #redis: Redis;
  readonly #options: SyncedCountersOptions;
  readonly #counters = new Map<string, Counter>();
  readonly #timer: NodeJS.Timeout;
  #inFlight: Promise<void> | undefined;
  #failing = false;

  constructor(redis: Redis, options: SyncedCountersOptions) {
    this.#redis = redis;
    this.#options = options;
    if (!('addRateLimitCount' in redis)) redis.defineCommand('addRateLimitCount', { numberOfKeys: 1, lua: ADD_COUNT });
    this.#timer = setInterval(() => void this.sync(), options.syncIntervalMs).unref();
  }

  increment(key: string, windowMs: number, now = Date.now()): Count {
    let counter = this.#counters.get(key);
    if (counter === undefined || now >= counter.resetAt) {
      counter = { unsynced: 0, sending: 0, synced: 0, resetAt: now + windowMs, windowMs };
      this.#counters.set(key, counter);
    }
    counter.unsynced += 1;
    return { current: counter.synced + counter.sending + counter.unsynced, ttl: counter.resetAt - now };
  }

  /** Sends the counts made since the last sync; concurrent calls share one sync. */
  sync(): Promise<void> {
    this.#inFlight ??= this.#syncOnce().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /** Stops the timer; the counts of the last interval are not sent (at most syncIntervalMs of them). */
  stop(): void {
    clearInterval(this.#timer);
  }

  /** A @fastify/rate-limit store over these counters. */
  store(): FastifyRateLimitStoreCtor {
    const increment = this.increment.bind(this);
    class SyncedStore implements FastifyRateLimitStore {
      #routePrefix = '';

      incr(key: string, callback: (error: Error | null, result?: Count) => void, timeWindow: number): void {
        callback(null, increment(this.#routePrefix + key, timeWindow));
      }

      child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
        const child = new SyncedStore();
        child.#routePrefix = routeCounterPrefix(routeOptions);
        return child;
      }
    }
    return SyncedStore;
  }

  async #syncOnce(): Promise<void> {
    const batch: { key: string; counter: Counter }[] = [];
    const now = Date.now();
    for (const [key, counter] of this.#counters) {
      if (now >= counter.resetAt) {
        // The window is over: its last counts belong to no window any more.
        this.#counters.delete(key);
      } else if (counter.unsynced > 0) {
        counter.sending = counter.unsynced;
        counter.unsynced = 0;
        batch.push({ key, counter });
      }
    }
    if (batch.length === 0) return;

    const pipeline = this.#redis.pipeline();
    for (const { key, counter } of batch) {
      pipeline.addRateLimitCount(this.#options.namespace + key, counter.sending, counter.windowMs);
    }
    let replies: [Error | null, unknown][];
    try {
      replies = (await pipeline.exec()) ?? [];
    } catch (error) {
      replies = batch.map(() => [error as Error, null]);
    }
    const answeredAt = Date.now();
    let failure: Error | null = null;
    batch.forEach(({ counter }, index) => {
      const [error, reply] = replies[index] ?? [new Error('no reply'), null];
      if (error) {
        counter.unsynced += counter.sending;
        failure = error;
      } else {
        // The total includes what was sent; what was counted meanwhile stays unsynced.
        const [total, ttl] = reply as [number, number];
        counter.synced = total;
        counter.resetAt = answeredAt + ttl;
      }
      counter.sending = 0;
    });
    if ((failure !== null) !== this.#failing) {
      this.#failing = failure !== null;
      this.#options.onSyncHealthChange(failure);
    }
  }
}
