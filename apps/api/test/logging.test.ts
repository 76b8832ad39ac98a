import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/env.ts';
import { loggerOptions } from '../src/logging.ts';
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
