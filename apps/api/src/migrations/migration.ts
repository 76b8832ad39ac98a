import type { Redis } from 'ioredis';

/** One change to the data in Redis. Applied once, in order; must be safe to run again. */
export interface Migration {
  /** Sortable and never reused: NNN-what-it-does. */
  readonly id: string;
  readonly description: string;
  /** Does the work and says what it did, for the log and the migration history. */
  up(redis: Redis): Promise<string>;
}
