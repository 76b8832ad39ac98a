import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Every flag the code knows, with what it gates. A flag no code reads is removed from here. */
export const FLAGS = {
  /** GET /api/links, the list of the newest links (needs the by-created index backfilled). */
  recentLinks: 'recent-links',
} as const;
export type FlagName = (typeof FLAGS)[keyof typeof FLAGS];

/** Hash of rollout percentages (0-100) per flag name, shared by every replica. */
export const FLAGS_KEY = 'shortly:flags';

export type FlagProblem = (flag: string, value: string) => void;

// Q(app-feature-flags): How do feature flags let you ship code dark and turn it on gradually?
// A feature ships switched off (a missing flag is 0 %): deploying and releasing are separate.
// HSET shortly:flags recent-links 10, then 50, then 100 turns it on with no deploy; 0 is the
// rollback. A caller's bucket is a hash of flag and caller, so each client sees one behaviour.
export class FeatureFlags {
  readonly #redis: Redis;
  readonly #onProblem: FlagProblem;
  #percentages = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;

  constructor(redis: Redis, onProblem: FlagProblem) {
    this.#redis = redis;
    this.#onProblem = onProblem;
  }

  /** Reads every flag from Redis; on failure the last known values stay in force. */
  async refresh(): Promise<void> {
    const stored = await this.#redis.hgetall(FLAGS_KEY);
    const percentages = new Map<string, number>();
    for (const [flag, value] of Object.entries(stored)) {
      const percentage = /^\d{1,3}$/.test(value.trim()) ? Number(value) : Number.NaN;
      if (percentage >= 0 && percentage <= 100) {
        percentages.set(flag, percentage);
      } else {
        // Fail closed: a typo must not switch a feature on for everybody.
        this.#onProblem(flag, value);
      }
    }
    this.#percentages = percentages;
  }

  /** Refreshes every intervalMs until stop(); errors go to onError and the old values stay. */
  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.#timer = setInterval(() => {
      this.refresh().catch(onError);
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  percentage(flag: FlagName): number {
    return this.#percentages.get(flag) ?? 0;
  }

  /** Whether the flag is on for this caller: always at 100 %, never at 0 %, stable in between. */
  isEnabled(flag: FlagName, targetingKey: string): boolean {
    const percentage = this.percentage(flag);
    if (percentage >= 100) return true;
    if (percentage <= 0) return false;
    return bucketOf(flag, targetingKey) < percentage;
  }
}

/** 0-99, the same for a flag and key on every replica and every run. */
export function bucketOf(flag: string, targetingKey: string): number {
  return createHash('sha256').update(`${flag}\0${targetingKey}`).digest().readUInt32BE(0) % 100;
}
