import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadConfig } from './env.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { runMigrations } from './migrations/runner.ts';
import { adviceFor, describeRedisUrl } from './plugins/app/redis.ts';

/**
 * Applies pending data migrations, then exits: 0 when all are applied, 1 with the reason
 * otherwise. Run once per release, after the rollout, never by each replica:
 *   docker compose run --rm migrate      (Compose)
 *   the api-migrate Job                   (Kubernetes, see scripts/kind-up.sh)
 *   node --env-file=.env dist/migrate.js  (anywhere else)
 */
async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`shortly-migrate cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  const log = pino({ level: config.logLevel, base: { service: 'shortly-migrate' } });
  // One attempt and no queue: a Job that cannot reach Redis should fail and be retried by
  // its backoffLimit, with the reason in its log, rather than hang.
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: 5000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  // The socket error says why (ECONNREFUSED, WRONGPASS...); connect() only says it closed.
  let connectionError: Error | undefined;
  redis.on('error', (error: Error) => {
    connectionError = error;
  });
  try {
    await redis.connect();
  } catch (error) {
    const cause = (connectionError ?? error) as Error & { code?: string };
    log.error(
      `Cannot connect to Redis at ${describeRedisUrl(config.redisUrl)} (${cause.message}): ${adviceFor(cause)}.`,
    );
    redis.disconnect();
    return 1;
  }
  try {
    const outcomes = await runMigrations(redis, MIGRATIONS, (message) => log.info(message));
    const applied = outcomes.filter((outcome) => outcome.status === 'applied').length;
    log.info({ applied, alreadyApplied: outcomes.length - applied }, 'migrations up to date');
    return 0;
  } catch (error) {
    log.error({ err: error }, `migration failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

if (import.meta.main) process.exitCode = await main();
