import { once } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CoalescingRedis } from '../../src/redis/coalescing-redis.ts';
import { redisUrlForDatabase } from '../helpers/app.ts';

const REDIS_URL = redisUrlForDatabase(13);

let client: CoalescingRedis | undefined;
afterEach(async () => {
  await client?.quit();
  client = undefined;
});

async function connect(): Promise<CoalescingRedis> {
  client = new CoalescingRedis(REDIS_URL, { enableOfflineQueue: false, lazyConnect: true });
  await client.connect();
  return client;
}

/** Counts the writes that reach the socket's underlying handle (one per `_write` or `_writev`). */
function countWrites(socket: Socket): { readonly count: number } {
  const counter = { count: 0 };
  const internals = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
  for (const method of ['_write', '_writev'] as const) {
    const original = internals[method].bind(socket);
    internals[method] = (...args: unknown[]) => {
      counter.count++;
      original(...args);
    };
  }
  return counter;
}

describe('CoalescingRedis', () => {
  it('sends the commands of one turn in one write, each answered with its own reply', async () => {
    const redis = await connect();
    const writes = countWrites(redis.stream as Socket);
    const keys = Array.from({ length: 50 }, (_, index) => `coalescing:${index}`);

    const sets = await Promise.all(keys.map((key, index) => redis.set(key, String(index))));
    expect(sets).toEqual(keys.map(() => 'OK'));
    expect(writes.count).toBe(1);

    expect(await Promise.all(keys.map((key) => redis.get(key)))).toEqual(keys.map((_, index) => String(index)));
    expect(writes.count).toBe(2);
  });

  it('writes a later turn at once, without waiting for the replies to the one before', async () => {
    const redis = await connect();
    const writes = countWrites(redis.stream as Socket);
    // A script that holds Redis for 100 ms: its reply cannot be back within the next turn.
    const busy =
      "local t = redis.call('TIME'); local until_us = t[1] * 1e6 + t[2] + 100000; " +
      "repeat t = redis.call('TIME') until t[1] * 1e6 + t[2] >= until_us; return 1";
    let firstAnswered = false;
    const first = redis.eval(busy, 0).then((reply) => {
      firstAnswered = true;
      return reply;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const second = redis.incr('coalescing:turns');
    await new Promise((resolve) => setImmediate(resolve));
    expect(firstAnswered).toBe(false);
    expect(writes.count).toBe(2);
    expect(await first).toBe(1);
    expect(await second).toBeGreaterThan(0);
  });

  it('coalesces again on the new socket after a reconnect', async () => {
    const redis = await connect();
    const oldSocket = redis.stream;
    redis.disconnect(true);
    await once(redis, 'ready');
    expect(redis.stream).not.toBe(oldSocket);
    const writes = countWrites(redis.stream as Socket);

    const replies = await Promise.all([redis.set('coalescing:after', 'yes'), redis.get('coalescing:after')]);
    expect(replies).toEqual(['OK', 'yes']);
    expect(writes.count).toBe(1);
  });

  it('runs transactions and scripts through the same write path', async () => {
    const redis = await connect();
    const results = await redis.multi().set('coalescing:tx', '1').get('coalescing:tx').exec();
    expect(results).toEqual([
      [null, 'OK'],
      [null, '1'],
    ]);
    expect(await redis.eval("return redis.call('INCRBY', KEYS[1], ARGV[1])", 1, 'coalescing:tx', '41')).toBe(42);
  });
});
