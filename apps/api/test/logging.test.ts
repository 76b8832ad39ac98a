import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { bufferedStdout, LOG_FLUSH_INTERVAL_MS, loggerOptions } from '../src/logging.ts';
import { startAppWithLogs, type TestApp, uniqueAlias } from './helpers/app.ts';

let app: TestApp;
let lines: Record<string, unknown>[];

beforeAll(async () => {
  ({ app, lines } = await startAppWithLogs());
});
afterAll(() => app.close());

describe('request ids and request logs', () => {
  it('reuses the proxy X-Request-Id, returns it, and logs one JSON line for the request', async () => {
    const response = await request(app.server).get('/api/links/no-such-code').set('x-request-id', 'edge-42.abc');
    expect(response.headers['x-request-id']).toBe('edge-42.abc');
    const mine = lines.filter((line) => line.requestId === 'edge-42.abc');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      level: 30,
      service: 'shortly-api',
      msg: 'request completed',
      method: 'GET',
      route: '/api/links/:code',
      statusCode: 404,
    });
    expect(typeof mine[0]?.responseTimeMs).toBe('number');
  });

  it('makes a fresh UUID when no id, or an unsafe one, comes in', async () => {
    const plain = await request(app.server).get('/health');
    expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await request(app.server).get('/health').set('x-request-id', 'bad id\twith spaces');
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('redirect log lines', () => {
  it('logs a followed link at debug level only, and a failed lookup at info', async () => {
    const alias = uniqueAlias('log');
    await request(app.server).post('/api/links').send({ url: 'https://example.com/logged', alias }).expect(201);
    await request(app.server).get(`/${alias}`).set('x-request-id', 'redirect-at-info').expect(302);
    await request(app.server).get('/no-such-code-here').set('x-request-id', 'missing-at-info').expect(404);
    expect(lines.filter((line) => line.requestId === 'redirect-at-info')).toEqual([]);
    expect(lines.filter((line) => line.requestId === 'missing-at-info')).toHaveLength(1);

    const debug = await startAppWithLogs({ LOG_LEVEL: 'debug' });
    try {
      await request(debug.app.server).get(`/${alias}`).set('x-request-id', 'redirect-at-debug').expect(302);
      expect(debug.lines.find((line) => line.requestId === 'redirect-at-debug')).toMatchObject({
        level: 20,
        msg: 'request completed',
        route: '/:code',
        statusCode: 302,
      });
    } finally {
      await debug.app.close();
    }
  });
});

describe('log redaction', () => {
  it('never writes API keys or cookies', () => {
    const written: string[] = [];
    const logger = pino(
      loggerOptions(loadConfig({ LOG_LEVEL: 'info' })),
      new Writable({
        write(chunk, _encoding, done) {
          written.push(String(chunk));
          done();
        },
      }),
    );
    logger.error({ headers: { authorization: 'Bearer sk-live-123', cookie: 'session=abc', host: 'sho.rt' } }, 'failed');
    logger.error({ req: { headers: { authorization: 'Bearer sk-live-456', cookie: 'session=def' } } }, 'failed');
    const output = written.join('');
    expect(output).not.toContain('sk-live');
    expect(output).not.toContain('session=');
    expect(output).toContain('[redacted]');
    expect(output).toContain('sho.rt');
  });
});

describe('buffered stdout', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'shortly-log-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('holds short lines for at most the flush interval, and writes 4 KiB at once, synchronously', async () => {
    const file = join(scratch, 'buffered.log');
    const stream = bufferedStdout(openSync(file, 'w'));
    stream.write('{"msg":"first"}\n');
    expect(readFileSync(file, 'utf8')).toBe('');
    const started = Date.now();
    while (readFileSync(file, 'utf8') === '' && Date.now() - started < 3 * LOG_FLUSH_INTERVAL_MS) await sleep(10);
    expect(readFileSync(file, 'utf8')).toBe('{"msg":"first"}\n');
    expect(Date.now() - started).toBeLessThanOrEqual(LOG_FLUSH_INTERVAL_MS + 500);

    // Synchronous: the write that fills 4 KiB returns only once the chunk is in the file,
    // so a reader that falls behind holds the app back instead of its memory growing.
    const line = `${JSON.stringify({ msg: 'x'.repeat(100) })}\n`;
    for (let count = 0; count < 40; count++) stream.write(line);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(4096);
    // Every line once, in order: the chunks are built by appending (patches/sonic-boom*).
    stream.flushSync();
    expect(readFileSync(file, 'utf8')).toBe(`{"msg":"first"}\n${line.repeat(40)}`);
  });

  it('writes what is still buffered when the process exits', () => {
    const script = [
      `import { bufferedStdout } from ${JSON.stringify(new URL('../src/logging.ts', import.meta.url).pathname)};`,
      `bufferedStdout().write('{"msg":"last words"}\\n');`,
      'process.exit(3);',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(3);
    expect(child.stdout).toBe('{"msg":"last words"}\n');
  });
});
