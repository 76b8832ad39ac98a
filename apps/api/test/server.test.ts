import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@shortly/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, TEST_ENV, type TestApp } from './helpers/app.ts';

const SERVER = new URL('../src/server.ts', import.meta.url).pathname;

interface RunningServer {
  child: ChildProcessWithoutNullStreams;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; ms: number }>;
}

async function spawnServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=@shortly/source', SERVER], {
    env: {
      PATH: process.env.PATH,
      ...TEST_ENV,
      REDIS_URL: inject('redisUrl'),
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const started = Date.now();
  const exit = once(child, 'exit').then(([code]) => ({ code: code as number | null, ms: Date.now() - started }));
  return { child, port, stdout: () => stdout, stderr: () => stderr, exit };
}

async function waitUntilServing(server: RunningServer): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${server.port}/health`)).ok) return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`server did not start: ${server.stderr()}`);
}

const logLines = (server: RunningServer) =>
  server
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('startup errors say what is wrong and how to fix it', () => {
  it('exits 1 on invalid configuration, naming every bad variable', async () => {
    const server = await spawnServer({ LOG_LEVEL: 'loud', REDIRECT_STATUS: '303' });
    expect((await server.exit).code).toBe(1);
    expect(server.stderr()).toContain('shortly-api cannot start: Invalid configuration');
    expect(server.stderr()).toContain('LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent');
    expect(server.stderr()).toContain('REDIRECT_STATUS must be one of: 301, 302, 307, 308');
    expect(server.stderr()).toContain('.env.example');
  });

  it('exits 1 when Redis cannot be reached, with advice and no password in the message', async () => {
    const deadPort = await freePort();
    const server = await spawnServer({ REDIS_URL: `redis://:hunter2@127.0.0.1:${deadPort}` });
    const { code, ms } = await server.exit;
    expect(code).toBe(1);
    expect(ms).toBeLessThan(15_000);
    expect(server.stderr()).toContain(`Cannot connect to Redis at redis://:***@127.0.0.1:${deadPort}`);
    expect(server.stderr()).toContain('nothing listens there');
    expect(server.stderr() + server.stdout()).not.toContain('hunter2');
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM: not ready at once, drains, finishes in-flight requests, closes Redis last, exits 0', async () => {
    const server = await spawnServer({ SHUTDOWN_DELAY_MS: '1500', LOG_LEVEL: 'info' });
    await waitUntilServing(server);

    // A request in flight: headers and half of the body sent, the rest after SIGTERM.
    const body = JSON.stringify({ url: 'https://example.com/in-flight' });
    const socket = connect(server.port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.write(
      `POST /api/links HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.slice(0, 10));
    await sleep(100);

    server.child.kill('SIGTERM');
    await sleep(200);
    const ready = await fetch(`http://127.0.0.1:${server.port}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { shutdown: 'shutting down' } });
    expect(server.child.exitCode).toBeNull();

    await sleep(1800); // past the drain delay: the server is closing, the request still open
    socket.write(body.slice(10));
    await once(socket, 'end');
    expect(answer).toMatch(/^HTTP\/1.1 201 Created/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toContain('"url":"https://example.com/in-flight"');

    const exited = await server.exit;
    expect(exited.code).toBe(0);
    // The 201 above needed Redis, so Redis was still open for the in-flight request; it is
    // closed during close(), after the signal. Under load Fastify's close() has been seen to
    // resolve while the redis hook was still waiting for QUIT's reply, so the last two lines
    // may come in either order; both must come, after the signal.
    const messages = logLines(server).map((line) => `${line.msg}${line.statusCode ? ` ${line.statusCode}` : ''}`);
    expect(messages).toContain('request completed 201');
    const signal = messages.indexOf('shutdown signal received: draining');
    expect(signal, messages.join(' | ')).toBeGreaterThanOrEqual(0);
    for (const last of ['redis connection closed', 'server closed']) {
      expect(messages.indexOf(last), messages.join(' | ')).toBeGreaterThan(signal);
    }
  });

  it('exits at once on a second signal', async () => {
    const server = await spawnServer({ SHUTDOWN_DELAY_MS: '20000' });
    await waitUntilServing(server);
    server.child.kill('SIGTERM');
    await sleep(300);
    expect(server.child.exitCode).toBeNull();
    const secondAt = Date.now();
    server.child.kill('SIGINT');
    const { code } = await server.exit;
    expect(code).toBe(1);
    expect(Date.now() - secondAt).toBeLessThan(2000);
  });
});

/** Sends `head` to `app` on a raw socket and never the rest; resolves with what the server wrote before closing. */
function sendAndStall(app: TestApp, head: string): Promise<{ answer: string; ms: number }> {
  const { port } = app.server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('the server kept the stalled request open')));
  });
}

describe('slow clients', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ REQUEST_TIMEOUT_MS: '500' });
  });
  afterAll(() => app.close());

  it('answers 408 to a body that never arrives, within the request timeout', async () => {
    const { answer, ms } = await sendAndStall(
      app,
      'POST /api/links HTTP/1.1\r\nHost: sho.rt\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"url":',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    // 500 ms, checked once a second.
    expect(ms).toBeLessThan(3000);
  });

  it('answers 408 to headers that never end, and keeps serving everyone else', async () => {
    const stalled = Array.from({ length: 50 }, () =>
      sendAndStall(app, 'GET /health HTTP/1.1\r\nHost: sho.rt\r\nX-Slow: '),
    );
    await request(app.server).get('/health').expect(200);
    const results = await Promise.all(stalled);
    for (const { answer } of results) expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers an HTTP/1.1 request without Host in JSON, and serves HTTP/1.0 without one', async () => {
    const noHost = await sendAndStall(app, 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(noHost.answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(noHost.answer.slice(noHost.answer.indexOf('\r\n\r\n') + 4))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'missing_host',
      message: 'An HTTP/1.1 request must have a Host header',
    });
    const old = await sendAndStall(app, 'GET /health HTTP/1.0\r\n\r\n');
    expect(old.answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
