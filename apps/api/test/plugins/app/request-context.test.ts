import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../../helpers/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ SHORTLY_VERSION: '1.4.2-canary' });
});
afterAll(() => app.close());

describe('every response says which request and which release it is', () => {
  it.each([
    ['a health check', '/health', 200],
    ['an unknown short link', '/never-made-here', 404],
    ['an unknown path', '/no/such/path', 404],
  ])('%s', async (_name, path, status) => {
    const response = await request(app.server).get(path).expect(status);
    expect(response.headers['x-shortly-version']).toBe('1.4.2-canary');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
