import type { ApiError, Link, LinkStats } from '@shortly/contracts';
import { vi } from 'vitest';

/** One request as the page sent it. */
export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (request: SentRequest) => Response | Promise<Response>;

/** Requests no route handled; test/setup.ts fails the test when any are left. */
export const unhandledRequests: string[] = [];

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
};

/** An error body as the api sends it; `fields` only when given, as for a body at fault. */
export function apiError(
  statusCode: number,
  message: string,
  { code, fields }: Partial<Pick<ApiError, 'code' | 'fields'>> = {},
): Response {
  const error = REASONS[statusCode] ?? 'Error';
  const body: ApiError = {
    statusCode,
    error,
    code: code ?? error.toLowerCase().replaceAll(' ', '_'),
    message,
    ...(fields && { fields }),
  };
  return json(statusCode, body);
}

export function aLink(overrides: Partial<Link> = {}): Link {
  const code = overrides.code ?? 'abc1234';
  return {
    code,
    shortUrl: `http://localhost:8080/${code}`,
    url: 'https://example.com/a/very/long/path',
    createdAt: '2030-01-02T03:04:05.000Z',
    expiresAt: null,
    maxVisits: null,
    ...overrides,
  };
}

export function someStats(overrides: Partial<LinkStats> = {}): LinkStats {
  return { ...aLink(overrides), visits: 0, lastVisitAt: null, ...overrides };
}

/**
 * Stubs fetch, the one network boundary of the app, with a handler per "METHOD /path";
 * a request nothing handles fails the test (see test/setup.ts). Returns the requests sent.
 */
export function fakeApi(routes: Record<string, Handler>): SentRequest[] {
  const sent: SentRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      const path = String(input);
      const request = { method, path, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
      sent.push(request);
      const handler = routes[`${method} ${path}`];
      if (!handler) {
        unhandledRequests.push(`${method} ${path}`);
        throw new TypeError(`unexpected request ${method} ${path}`);
      }
      return handler(request);
    }),
  );
  return sent;
}
