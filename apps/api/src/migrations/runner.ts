import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Migration } from './migration.ts';

/** Hash of applied migrations: id -> JSON { appliedAt, result }. */
export const HISTORY_KEY = 'shortly:schema:migrations';
/** Held while one run applies migrations; expires by itself if that run dies. */
export const LOCK_KEY = 'shortly:schema:lock';
const LOCK_TTL_MS = 10 * 60 * 1000;

// Deletes the lock only if this run still holds it: a run that outlived its lease
// must not release the lock of the run that took over.
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export class MigrationLockedError extends Error {
  constructor(ttlMs: number) {
    super(
      `Another migration run holds ${LOCK_KEY} (it expires in ${Math.ceil(ttlMs / 1000)} s). ` +
        `Wait for it to finish and run again; if no run is active (it crashed), delete the key: DEL ${LOCK_KEY}`,
    );
    this.name = 'MigrationLockedError';
  }
}

export interface MigrationOutcome {
  readonly id: string;
  readonly status: 'applied' | 'already-applied';
  readonly result?: string;
}

export type MigrationLog = (message: string) => void;

/**
 * Applies the migrations not yet in the history, in order, under a lock so that two runs
 * (two Jobs, or a Job and an operator) never apply the same migration at once. A migration
 * that fails stops the run and stays unrecorded, so the next run retries it.
 */
export async function runMigrations(
  redis: Redis,
  migrations: readonly Migration[],
  log: MigrationLog,
): Promise<MigrationOutcome[]> {
  const token = randomUUID();
  if ((await redis.set(LOCK_KEY, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') {
    throw new MigrationLockedError(await redis.pttl(LOCK_KEY));
  }
  try {
    const applied = await redis.hgetall(HISTORY_KEY);
    const outcomes: MigrationOutcome[] = [];
    for (const migration of migrations) {
      if (applied[migration.id] !== undefined) {
        outcomes.push({ id: migration.id, status: 'already-applied' });
        continue;
      }
      log(`applying ${migration.id}: ${migration.description}`);
      const result = await migration.up(redis);
      await redis.hset(HISTORY_KEY, migration.id, JSON.stringify({ appliedAt: new Date().toISOString(), result }));
      log(`applied ${migration.id}: ${result}`);
      outcomes.push({ id: migration.id, status: 'applied', result });
    }
    return outcomes;
  } finally {
    await redis.eval(RELEASE_SCRIPT, 1, LOCK_KEY, token);
  }
}
