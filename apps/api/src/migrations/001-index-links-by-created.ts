import { CREATED_INDEX_KEY, LINK_KEY_PREFIX } from '../links/link-store.ts';
import type { Migration } from './migration.ts';

/** Keys per SCAN step: small enough that Redis keeps serving redirects in between. */
const BATCH = 500;

// Q(app-schema-migrations): How do you keep each schema migration backward-compatible while old and new versions run?
// Expand, backfill, contract. The new release writes the index on every create and delete
// (expand); this backfill indexes older links once the rollout is done; dropping what no
// version reads waits a release. Idempotent (ZADD of the same member is a no-op) and
// batched with SCAN, never KEYS, which would block Redis.
export const indexLinksByCreated: Migration = {
  id: '001-index-links-by-created',
  description: 'Index existing links by creation time for GET /api/links',
  async up(redis) {
    let cursor = '0';
    let indexed = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${LINK_KEY_PREFIX}*`, 'COUNT', BATCH);
      cursor = next;
      if (keys.length === 0) continue;
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.hget(key, 'createdAt');
      const replies = (await pipeline.exec()) ?? [];
      const scoresAndCodes: (string | number)[] = [];
      keys.forEach((key, index) => {
        const [error, createdAt] = replies[index] ?? [];
        if (error) throw error;
        if (typeof createdAt === 'string') scoresAndCodes.push(createdAt, key.slice(LINK_KEY_PREFIX.length));
      });
      if (scoresAndCodes.length > 0) {
        await redis.zadd(CREATED_INDEX_KEY, ...scoresAndCodes);
        indexed += scoresAndCodes.length / 2;
      }
    } while (cursor !== '0');
    return `indexed ${indexed} links`;
  },
};
