import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedisContainer } from '@testcontainers/redis';
import { Redis } from 'ioredis';
import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer, Wait } from 'testcontainers';

/** The image the tests run Redis from; a Debian-based, pinned tag like the one Compose uses. */
export const REDIS_TEST_IMAGE = process.env.REDIS_TEST_IMAGE ?? 'redis:7.4.6-bookworm';

/** A Redis the test owns: it can be stopped and started again on the same port. */
export interface OwnedRedis {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function dockerAnswers(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * Nothing on disk: a test's Redis holds nothing worth keeping, and with Redis's default save
 * rules a benchmark's writes would fork a background save every minute, in the middle of
 * the measurement.
 */
const NO_PERSISTENCE = ['--save', '', '--appendonly', 'no'];

const hasRedisServerBinary = () => spawnSync('redis-server', ['--version']).status === 0;

const NO_REDIS_ADVICE =
  'The API tests need a real Redis and found none. Either set REDIS_URL=redis://host:port, ' +
  'start a Docker engine (testcontainers runs redis from it), or install redis-server ' +
  '(apt-get install redis-server, brew install redis).';

export async function waitForRedis(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    } finally {
      client.disconnect();
    }
  }
}

async function containerRedis(port: number): Promise<OwnedRedis> {
  const container: StartedTestContainer = await new GenericContainer(REDIS_TEST_IMAGE)
    .withExposedPorts({ container: 6379, host: port })
    .withCommand(['redis-server', ...NO_PERSISTENCE])
    .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
    .start();
  const client = await getContainerRuntimeClient();
  const handle = client.container.getById(container.getId());
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    stop: () => client.container.stop(handle, { timeout: 0 }),
    async start() {
      await client.container.start(handle);
      await waitForRedis(url);
    },
    async close() {
      await container.stop({ timeout: 0 });
    },
  };
}

async function binaryRedis(port: number): Promise<OwnedRedis> {
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...NO_PERSISTENCE], {
      stdio: 'ignore',
    });
    await waitForRedis(url);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url, start, stop, close: stop };
}

/** Starts a Redis of the test's own: in Docker when an engine answers, else from redis-server. */
export async function startOwnedRedis(): Promise<OwnedRedis> {
  const port = await freePort();
  if (await dockerAnswers()) return containerRedis(port);
  if (hasRedisServerBinary()) return binaryRedis(port);
  throw new Error(NO_REDIS_ADVICE);
}

/** The Redis every HTTP test shares: REDIS_URL, else testcontainers, else redis-server. */
export async function startSharedRedis(): Promise<{ url: string; close(): Promise<void> }> {
  if (process.env.REDIS_URL) {
    await waitForRedis(process.env.REDIS_URL);
    return { url: process.env.REDIS_URL, close: async () => undefined };
  }
  if (await dockerAnswers()) {
    const container = await new RedisContainer(REDIS_TEST_IMAGE)
      .withCommand(['redis-server', ...NO_PERSISTENCE])
      .start();
    return { url: container.getConnectionUrl(), close: async () => void (await container.stop({ timeout: 0 })) };
  }
  if (hasRedisServerBinary()) return binaryRedis(await freePort());
  throw new Error(NO_REDIS_ADVICE);
}
