import { CREATED_INDEX_KEY, LINK_KEY_PREFIX } from '../links/link-store.ts';
import type { Migration } from './migration.ts';

/** Keys per SCAN step: small enough that Redis keeps serving redirects in between. */
const BATCH = 500;

// Q(app-schema-migrations): How do you keep each schema migration backward-compatible while old and new versions run?
// Expand, backfill, then contract, each step safe with both versions running. Expand: the
// release that needs the by-created index writes it on every create and delete, while the
// old version, which never reads it, runs on untouched. Backfill: this migration indexes
// the links created before, once that release is fully rolled out (links an old replica
// creates mid-rollout would otherwise be missed), and the feature reading the index stays
// dark behind its flag until then. Contract (dropping what no version reads) comes one
// release later. Idempotent (ZADD of the same member and score is a no-op), so a rerun or
// a crash halfway is harmless; SCAN in batches instead of KEYS, which would block Redis.
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
