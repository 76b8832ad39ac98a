import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_DB_OPERATION_NAME, ATTR_DB_SYSTEM_NAME, ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { Redis, Result } from 'ioredis';
import { ReplyError } from 'ioredis';
import { HttpError } from '../errors.ts';
import type { VisitBatch } from './visit-counter.ts';

export interface NewLink {
  readonly code: string;
  readonly url: string;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly maxVisits: number | null;
}

export interface StoredLink extends NewLink {
  readonly visits: number;
  readonly lastVisitAt: number | null;
}

export type VisitOutcome =
  | {
      readonly kind: 'redirected';
      readonly url: string;
      readonly expiresAt: number | null;
      readonly maxVisits: number | null;
    }
  | { readonly kind: 'not_found' | 'expired' | 'exhausted' };

export type StoreOperation = 'create' | 'visit' | 'get' | 'recent' | 'delete' | 'probe' | 'record-visits';

/** Visits counted in memory and written in one batch (see VisitCounter). */
export interface PendingVisits {
  readonly code: string;
  readonly count: number;
  /** The first visit of these: a link created after it is another link under the same code. */
  readonly firstVisitAt: number;
  readonly lastVisitAt: number;
}

/** Channel on which a replica announces a deleted code, so every replica forgets it. */
export const INVALIDATION_CHANNEL = 'shortly:links:deleted';

/** refusal: the error code of a Redis that answered but would not do it (OOM, READONLY, ...). */
export type StoreObserver = (operation: StoreOperation, seconds: number, failed: boolean, refusal?: string) => void;

// Q(app-circuit-breaker): How do you keep one broken dependency from cascading into an outage?
// A Redis can answer and still refuse: full (OOM under maxmemory with noeviction), a
// replica after a failover whose endpoint still points at it (READONLY), a replica that
// lost its primary (MASTERDOWN), a script running too long (BUSY), a restart still loading
// its data (LOADING), a failed save on a full disk (MISCONF). Each means "not now", not "bad
// request": the client gets 503 with Retry-After, and readiness turns 503 too.
const REFUSAL = /^(OOM|READONLY|MASTERDOWN|BUSY|LOADING|MISCONF)\b/;

/** Expired links keep answering 410 Gone for this long, then Redis reclaims them (404). */
export const EXPIRED_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export const LINK_KEY_PREFIX = 'shortly:link:';
const PROBE_KEY = 'shortly:readiness-probe';
const KEY_PREFIX = LINK_KEY_PREFIX;

/** Codes scored by creation time, newest last: what GET /api/links reads. */
export const CREATED_INDEX_KEY = 'shortly:links:by-created';

// Q(app-circuit-breaker): How do you keep one broken dependency from cascading into an outage?
// A command that waited in a stalled Redis past the client's timeout has been answered
// 503 already; running it late would do what the client was told failed (a visit used,
// a link stored). Scripts that change a link carry the client's deadline, in Redis's
// clock, and do nothing once TIME is past it. ARGV[n] below: that deadline, '' for none.
const PAST_DEADLINE = (argument: number) => `
if ARGV[${argument}] ~= '' then
  local now = redis.call('TIME')
  if tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) > tonumber(ARGV[${argument}]) then
    return {'late'}
  end
end`;

/** The time a reply needs on its way back: a deadline ends this much before the timeout. */
const REPLY_MARGIN_MS = 50;

// Create only when the code is free: check and write in one script, so two requests
// for the same alias can never both succeed (Redis runs a script atomically). The link
// and its entry in the creation index are written together or not at all.
// With an idempotency key (KEYS[3], the request's fingerprint in ARGV[7]), the first
// create records which code it made; the same key again answers that code (the same
// request sent again) or 'mismatch' (another request reusing the key).
const CREATE_SCRIPT = `${PAST_DEADLINE(9)}
if KEYS[3] then
  local seen = redis.call('HMGET', KEYS[3], 'fingerprint', 'code')
  if seen[1] == ARGV[7] then return {'replayed', seen[2]} end
  if seen[1] then return {'mismatch'} end
end
if redis.call('EXISTS', KEYS[1]) == 1 then return {'taken'} end
redis.call('HSET', KEYS[1], 'url', ARGV[1], 'createdAt', ARGV[2], 'visits', 0)
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'expiresAt', ARGV[3]) end
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'maxVisits', ARGV[4]) end
if ARGV[5] ~= '' then redis.call('PEXPIREAT', KEYS[1], ARGV[5]) end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[6])
if KEYS[3] then
  redis.call('HSET', KEYS[3], 'fingerprint', ARGV[7], 'code', ARGV[6])
  redis.call('PEXPIRE', KEYS[3], ARGV[8])
end
return {'created'}
`;

const IDEMPOTENCY_PREFIX = 'shortly:idempotency:';
/** How long a key is remembered: a client retries within minutes, not days. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** A create made retry-safe by the client's Idempotency-Key. */
export interface Idempotency {
  readonly key: string;
  /** Digest of the request it was first used with. */
  readonly fingerprint: string;
}

/** created: stored; taken: the code is someone else's; replayed: this key's earlier create made `code`. */
export type CreateOutcome =
  | { readonly kind: 'created' | 'taken' | 'mismatch' }
  | { readonly kind: 'replayed'; readonly code: string };

// Decide and count a visit in one round trip, atomically: a link with maxVisits = N
// redirects exactly N times even under concurrent requests.
const VISIT_SCRIPT = `${PAST_DEADLINE(2)}
local link = redis.call('HMGET', KEYS[1], 'url', 'expiresAt', 'maxVisits', 'visits')
if not link[1] then return {'not_found'} end
local now = tonumber(ARGV[1])
if link[2] and tonumber(link[2]) <= now then return {'expired'} end
if link[3] and tonumber(link[4]) >= tonumber(link[3]) then return {'exhausted'} end
redis.call('HINCRBY', KEYS[1], 'visits', 1)
redis.call('HSET', KEYS[1], 'lastVisitAt', ARGV[1])
return {'redirected', link[1], link[2] or '', link[3] or ''}
`;

// Adds batched visits to links that still exist: a link deleted meanwhile is not
// recreated as a hash holding only a visit count.
// KEYS[1] marks the batch as applied (ARGV[1]: how long the mark is kept), then each link
// KEYS[i] gets ARGV[3i-4] visits, the first at ARGV[3i-3], the last at ARGV[3i-2]. A batch sent
// again after a timeout that had in fact run is applied once. Visits counted before the
// link was created belong to a deleted link of the same code: a recreated alias starts
// from zero.
const RECORD_VISITS_SCRIPT = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
for i = 2, #KEYS do
  local key = KEYS[i]
  local createdAt = tonumber(redis.call('HGET', key, 'createdAt'))
  if createdAt and createdAt <= tonumber(ARGV[3 * i - 3]) then
    redis.call('HINCRBY', key, 'visits', ARGV[3 * i - 4])
    redis.call('HSET', key, 'lastVisitAt', ARGV[3 * i - 2])
  end
end
return #KEYS - 1
`;

const VISIT_BATCH_PREFIX = 'shortly:visit-batch:';
/** Longer than any outage a replica keeps retrying its batches through. */
const VISIT_BATCH_MARK_MS = 24 * 60 * 60 * 1000;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    shortlyCreateLink(numberOfKeys: number, ...keysThenArgs: string[]): Result<string[], Context>;
    shortlyVisitLink(key: string, now: string, deadline: string): Result<string[], Context>;
    shortlyRecordVisits(numberOfKeys: number, ...keysThenArgs: string[]): Result<number, Context>;
  }
}

/** Thrown when Redis cannot be reached in time, or refuses: the client gets 503 and may retry. */
export class StoreUnavailableError extends HttpError {
  /** 'unreachable', or the refusal's error code (OOM, READONLY, ...). */
  readonly reason: string;

  constructor(cause: unknown, reason = 'unreachable') {
    super(503, 'The link store is unavailable; try again in a few seconds');
    this.cause = cause;
    this.reason = reason;
  }
}

const optionalNumber = (value: string | undefined): number | null =>
  value === undefined || value === '' ? null : Number(value);

/** A link hash as Redis returns it (HGETALL), or null when the key holds no link. */
export function parseStoredLink(code: string, fields: Record<string, string>): StoredLink | null {
  if (fields.url === undefined || fields.createdAt === undefined) return null;
  return {
    code,
    url: fields.url,
    createdAt: Number(fields.createdAt),
    expiresAt: optionalNumber(fields.expiresAt),
    maxVisits: optionalNumber(fields.maxVisits),
    visits: Number(fields.visits ?? 0),
    lastVisitAt: optionalNumber(fields.lastVisitAt),
  };
}

/** Links in Redis, one hash per code. */
export class LinkStore {
  readonly #redis: Redis;
  readonly #observe: StoreObserver;
  /** Redis's clock minus this process's, measured at each connect: deadlines are in Redis's time. */
  #clockOffsetMs = 0;

  constructor(redis: Redis, observe: StoreObserver) {
    this.#redis = redis;
    this.#observe = observe;
    redis.on('ready', () => this.#measureClock());
    if (redis.status === 'ready') this.#measureClock();
    redis.defineCommand('shortlyCreateLink', { lua: CREATE_SCRIPT });
    redis.defineCommand('shortlyVisitLink', { numberOfKeys: 1, lua: VISIT_SCRIPT });
    redis.defineCommand('shortlyRecordVisits', { lua: RECORD_VISITS_SCRIPT });
  }

  /** Stores the link unless its code is taken, or answers what an earlier create with the same idempotency key did. */
  async create(link: NewLink, idempotency?: Idempotency): Promise<CreateOutcome> {
    const expireKeyAt = link.expiresAt === null ? '' : String(link.expiresAt + EXPIRED_RETENTION_MS);
    const keys = [KEY_PREFIX + link.code, CREATED_INDEX_KEY];
    const args = [
      link.url,
      String(link.createdAt),
      link.expiresAt === null ? '' : String(link.expiresAt),
      link.maxVisits === null ? '' : String(link.maxVisits),
      expireKeyAt,
      link.code,
    ];
    if (idempotency) keys.push(IDEMPOTENCY_PREFIX + idempotency.key);
    args.push(idempotency?.fingerprint ?? '', String(IDEMPOTENCY_TTL_MS), this.#deadline());
    const [kind, code] = await this.#run('create', () => this.#redis.shortlyCreateLink(keys.length, ...keys, ...args));
    if (kind === 'late') throw new StoreUnavailableError(new Error('ran past its deadline'), 'late');
    if (kind === 'replayed' && code !== undefined) return { kind, code };
    if (kind === 'created' || kind === 'taken' || kind === 'mismatch') return { kind };
    throw new Error(`unexpected answer from the create script: ${kind}`);
  }

  /** Counts a visit and returns where to go, or why not. */
  async visit(code: string, now: number): Promise<VisitOutcome> {
    const [kind, url, expiresAt, maxVisits] = await this.#run('visit', () =>
      this.#redis.shortlyVisitLink(KEY_PREFIX + code, String(now), this.#deadline()),
    );
    if (kind === 'redirected' && url !== undefined) {
      return { kind, url, expiresAt: optionalNumber(expiresAt), maxVisits: optionalNumber(maxVisits) };
    }
    if (kind === 'late') throw new StoreUnavailableError(new Error('ran past its deadline'), 'late');
    return { kind: kind === 'expired' || kind === 'exhausted' ? kind : 'not_found' };
  }

  async get(code: string): Promise<StoredLink | null> {
    const fields = await this.#run('get', () => this.#redis.hgetall(KEY_PREFIX + code));
    return parseStoredLink(code, fields);
  }

  /**
   * The newest links, newest first. Index entries whose link Redis has since reclaimed
   * (expired past retention) are dropped from the index on the way.
   */
  async recent(limit: number): Promise<StoredLink[]> {
    return this.#run('recent', async () => {
      const found: StoredLink[] = [];
      let start = 0;
      while (found.length < limit) {
        const codes = await this.#redis.zrevrange(CREATED_INDEX_KEY, start, start + limit - found.length - 1);
        if (codes.length === 0) break;
        const pipeline = this.#redis.pipeline();
        for (const code of codes) pipeline.hgetall(KEY_PREFIX + code);
        const replies = (await pipeline.exec()) ?? [];
        const gone: string[] = [];
        codes.forEach((code, index) => {
          const [error, fields] = replies[index] ?? [];
          if (error) throw error;
          const link = parseStoredLink(code, fields as Record<string, string>);
          if (link) found.push(link);
          else gone.push(code);
        });
        if (gone.length > 0) await this.#redis.zrem(CREATED_INDEX_KEY, ...gone);
        start += codes.length - gone.length;
      }
      return found;
    });
  }

  /** Adds visits counted elsewhere (in memory) to their links, in one round trip, once per batch id. */
  async recordVisits({ id, visits }: VisitBatch): Promise<void> {
    if (visits.length === 0) return;
    const keys = [VISIT_BATCH_PREFIX + id, ...visits.map((visit) => KEY_PREFIX + visit.code)];
    const args = [
      String(VISIT_BATCH_MARK_MS),
      ...visits.flatMap((visit) => [String(visit.count), String(visit.firstVisitAt), String(visit.lastVisitAt)]),
    ];
    await this.#run('record-visits', () => this.#redis.shortlyRecordVisits(keys.length, ...keys, ...args));
  }

  /** Removes the link and tells every replica to forget it; false when there was none. */
  async delete(code: string): Promise<boolean> {
    const [[, deleted] = []] =
      (await this.#run('delete', () =>
        this.#redis
          .multi()
          .del(KEY_PREFIX + code)
          .zrem(CREATED_INDEX_KEY, code)
          .publish(INVALIDATION_CHANNEL, code)
          .exec(),
      )) ?? [];
    return deleted === 1;
  }

  /** Whether the store can take a write now: a short-lived key, set and left to expire. */
  async probe(): Promise<void> {
    await this.#run('probe', () => this.#redis.set(PROBE_KEY, '1', 'PX', 10_000));
  }

  #measureClock(): void {
    const sentAt = Date.now();
    this.#redis.time().then(
      ([seconds, microseconds]) => {
        const redisNow = Number(seconds) * 1000 + Math.floor(Number(microseconds) / 1000);
        this.#clockOffsetMs = redisNow - (sentAt + Date.now()) / 2;
      },
      () => undefined, // Measured again at the next connect; until then the last offset holds.
    );
  }

  /** When the client will have given up on a command sent now, in Redis's time; '' without a timeout. */
  #deadline(): string {
    const timeout = this.#redis.options.commandTimeout;
    return timeout ? String(Math.floor(Date.now() + this.#clockOffsetMs + timeout - REPLY_MARGIN_MS)) : '';
  }

  // Q(obs-metrics-prometheus): Which metrics show that a dependency, not the app, is slow?
  // Every Redis call is timed and its failures counted per operation, so a latency spike or
  // an outage shows up as shortly_redis_* series next to the HTTP ones.
  // Each call is also a span, a child of the request's (plugins/external/tracing.ts), so a
  // trace shows how much of a slow request was Redis. While tracing is off the API hands out
  // no-op spans, which cost next to nothing.
  async #run<T>(operation: StoreOperation, command: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    const span = trace.getTracer('@shortly/api').startSpan(`redis ${operation}`, {
      kind: SpanKind.CLIENT,
      attributes: { [ATTR_DB_SYSTEM_NAME]: 'redis', [ATTR_DB_OPERATION_NAME]: operation },
    });
    let failed = false;
    let refusal: string | undefined;
    try {
      return await command();
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      span.recordException(error instanceof Error ? error : message);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      if (error instanceof ReplyError) {
        refusal = REFUSAL.exec(message)?.[1];
        span.setAttribute(ATTR_ERROR_TYPE, refusal ?? (message.split(' ', 1)[0] || 'ReplyError'));
        if (refusal) throw new StoreUnavailableError(error, refusal);
        // Any other reply error is Redis rejecting a command we sent: a bug, not an outage.
        throw error;
      }
      span.setAttribute(ATTR_ERROR_TYPE, 'unavailable');
      throw new StoreUnavailableError(error);
    } finally {
      this.#observe(operation, Number(process.hrtime.bigint() - started) / 1e9, failed, refusal);
      span.end();
    }
  }
}
