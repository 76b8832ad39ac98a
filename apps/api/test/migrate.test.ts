import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATED_INDEX_KEY } from '../src/links/link-store.ts';
import { HISTORY_KEY } from '../src/migrations/runner.ts';
import { redisUrlForDatabase } from './helpers/app.ts';

const MIGRATE = fileURLToPath(new URL('../src/migrate.ts', import.meta.url));
const REDIS_URL = redisUrlForDatabase(10);
let redis: Redis;

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  await redis.flushdb();
});
afterAll(() => redis.quit());

async function runMigrate(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=@shortly/source', MIGRATE], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const [code] = await once(child, 'exit');
  return { code: code as number, output };
}

describe('migrate (the one-off command run after each rollout)', () => {
  it('applies the pending migrations, exits 0, and is a no-op the second time', async () => {
    await redis.hset('shortly:link:legacy1', 'url', 'https://example.com', 'createdAt', '1700000000000', 'visits', 0);

    const first = await runMigrate({ REDIS_URL });
    expect(first.code).toBe(0);
    expect(first.output).toContain('applied 001-index-links-by-created: indexed 1 links');
    expect(await redis.zscore(CREATED_INDEX_KEY, 'legacy1')).toBe('1700000000000');
    expect(await redis.hexists(HISTORY_KEY, '001-index-links-by-created')).toBe(1);

    const second = await runMigrate({ REDIS_URL });
    expect(second.code).toBe(0);
    expect(second.output).toContain('"applied":0');
  });

  it('exits 1 and says how to fix it when Redis is unreachable', async () => {
    const { code, output } = await runMigrate({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect(code).toBe(1);
    expect(output).toMatch(/Cannot connect to Redis at redis:\/\/127\.0\.0\.1:1.*nothing listens there/);
  });

  it('exits 1 naming the variable when the configuration is invalid', async () => {
    const { code, output } = await runMigrate({ REDIS_URL: 'http://redis:6379' });
    expect(code).toBe(1);
    expect(output).toMatch(/shortly-migrate cannot start: Invalid configuration:[\s\S]*REDIS_URL/);
  });
});
