import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CREATED_INDEX_KEY } from '../../src/links/link-store.ts';
import { indexLinksByCreated } from '../../src/migrations/001-index-links-by-created.ts';
import { MIGRATIONS } from '../../src/migrations/index.ts';
import type { Migration } from '../../src/migrations/migration.ts';
import { HISTORY_KEY, LOCK_KEY, MigrationLockedError, runMigrations } from '../../src/migrations/runner.ts';
import { redisUrlForDatabase } from '../helpers/app.ts';

let redis: Redis;
const logged: string[] = [];
const log = (message: string) => logged.push(message);

beforeAll(() => {
  redis = new Redis(redisUrlForDatabase(9));
});
afterAll(() => redis.quit());
beforeEach(async () => {
  await redis.flushdb();
  logged.length = 0;
});

/** Links as the release before the index wrote them: a hash per code and nothing else. */
async function seedUnindexedLinks(count: number): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  const pipeline = redis.pipeline();
  for (let i = 0; i < count; i++) {
    const code = `old${i}`;
    const createdAt = 1_700_000_000_000 + i * 1000;
    created.set(code, createdAt);
    pipeline.hset(`shortly:link:${code}`, 'url', `https://example.com/${i}`, 'createdAt', createdAt, 'visits', 0);
  }
  await pipeline.exec();
  return created;
}

describe('the migration list', () => {
  it('has unique ids in the order they sort', () => {
    const ids = MIGRATIONS.map((migration) => migration.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^\d{3}-[a-z0-9-]+$/);
  });
});

describe('001-index-links-by-created', () => {
  it('indexes every existing link by its creation time, across many SCAN batches', async () => {
    const created = await seedUnindexedLinks(1200);
    await redis.set('shortly:rate-limit:unrelated', '1');

    expect(await indexLinksByCreated.up(redis)).toBe('indexed 1200 links');

    expect(await redis.zcard(CREATED_INDEX_KEY)).toBe(1200);
    for (const code of ['old0', 'old599', 'old1199']) {
      expect(Number(await redis.zscore(CREATED_INDEX_KEY, code))).toBe(created.get(code));
    }
  });

  it('changes nothing when run again', async () => {
    await seedUnindexedLinks(10);
    await indexLinksByCreated.up(redis);
    const before = await redis.zrange(CREATED_INDEX_KEY, 0, -1, 'WITHSCORES');
    await indexLinksByCreated.up(redis);
    expect(await redis.zrange(CREATED_INDEX_KEY, 0, -1, 'WITHSCORES')).toEqual(before);
  });
});

describe('runMigrations', () => {
  it('applies pending migrations once and records them', async () => {
    await seedUnindexedLinks(3);

    const first = await runMigrations(redis, MIGRATIONS, log);
    expect(first).toEqual([{ id: '001-index-links-by-created', status: 'applied', result: 'indexed 3 links' }]);
    const history = JSON.parse((await redis.hget(HISTORY_KEY, '001-index-links-by-created')) ?? '{}');
    expect(history).toMatchObject({ result: 'indexed 3 links', appliedAt: expect.stringMatching(/^\d{4}-/) });

    const second = await runMigrations(redis, MIGRATIONS, log);
    expect(second).toEqual([{ id: '001-index-links-by-created', status: 'already-applied' }]);
    expect(await redis.exists(LOCK_KEY)).toBe(0);
  });

  it('refuses to run while another run holds the lock, and applies nothing', async () => {
    await redis.set(LOCK_KEY, 'another-run', 'PX', 60_000);
    const error = await runMigrations(redis, MIGRATIONS, log).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationLockedError);
    expect((error as Error).message).toMatch(/expires in 60 s.*DEL shortly:schema:lock/s);
    expect(await redis.hlen(HISTORY_KEY)).toBe(0);
    expect(await redis.get(LOCK_KEY)).toBe('another-run');
  });

  it('stops at a failing migration, records nothing for it, runs nothing after it, frees the lock', async () => {
    const ran: string[] = [];
    const step = (id: string, fail = false): Migration => ({
      id,
      description: id,
      async up() {
        ran.push(id);
        if (fail) throw new Error(`${id} broke`);
        return 'ok';
      },
    });
    const migrations = [step('001-a'), step('002-b', true), step('003-c')];

    await expect(runMigrations(redis, migrations, log)).rejects.toThrow('002-b broke');
    expect(ran).toEqual(['001-a', '002-b']);
    expect(Object.keys(await redis.hgetall(HISTORY_KEY))).toEqual(['001-a']);
    expect(await redis.exists(LOCK_KEY)).toBe(0);

    // Fixed and run again: only what is left is applied.
    migrations[1] = step('002-b');
    ran.length = 0;
    await runMigrations(redis, migrations, log);
    expect(ran).toEqual(['002-b', '003-c']);
  });
});
