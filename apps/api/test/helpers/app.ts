import { Writable } from 'node:stream';
import { inject } from 'vitest';
import { loadConfig } from '../../src/env.ts';
import { loggerOptions } from '../../src/logging.ts';
import { createServer } from '../../src/server.ts';

/** Settings every test starts from: quiet logs, no drain delay, limits out of the way. */
export const TEST_ENV = {
  LOG_LEVEL: 'silent',
  PUBLIC_BASE_URL: 'http://sho.rt',
  SHUTDOWN_DELAY_MS: '0',
  RATE_LIMIT_CREATE_MAX: '100000',
  RATE_LIMIT_REDIRECT_MAX: '100000',
  RATE_LIMIT_READ_MAX: '100000',
};

export type TestApp = Awaited<ReturnType<typeof startApp>>;

/** Starts the real server on a free port against the suite's Redis (or env.REDIS_URL). */
export async function startApp(env: Record<string, string> = {}) {
  const config = loadConfig({ ...TEST_ENV, REDIS_URL: inject('redisUrl'), ...env });
  const app = createServer(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** Like startApp, with every JSON log line collected for assertions. */
export async function startAppWithLogs(
  env: Record<string, string> = {},
  extras: Parameters<typeof createServer>[2] = {},
) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig({ ...TEST_ENV, LOG_LEVEL: 'info', REDIS_URL: inject('redisUrl'), ...env });
  const app = createServer(config, { ...loggerOptions(config), stream }, extras);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, lines };
}

/** The suite's Redis, on its own database index: for tests that read or flush shared keys. */
export function redisUrlForDatabase(database: number): string {
  const url = new URL(inject('redisUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

let counter = 0;
/** A fresh alias per call, so tests sharing one Redis never collide. */
export function uniqueAlias(prefix = 't'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** The API's 404 body for a code no link has. */
export function notFoundBody(code: string) {
  return { statusCode: 404, error: 'Not Found', code: 'not_found', message: `No link with code "${code}"` };
}
