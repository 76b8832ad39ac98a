import { createRequire } from 'node:module';

// node:http through require, not import: an ESM import of node:http evaluates every lazy
// export, and its WebSocket classes load Node's bundled undici, which cost 20-40 ms of
// startup and 14 MB of RSS (bench/README.md) for classes the service never uses.
const { STATUS_CODES } = createRequire(import.meta.url)('node:http') as typeof import('node:http');

/** The reason phrase of a status code ("Not Found"), for error bodies. */
export const reasonPhrase = (statusCode: number): string => STATUS_CODES[statusCode] ?? 'Error';

/** An error whose status and message are meant for the client (4xx) or are safe to show (503). */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly statusCode: number;

  constructor(statusCode: number, message: string) {
    super(message);
    this.statusCode = statusCode;
  }

  get error(): string {
    return reasonPhrase(this.statusCode);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);
export const conflict = (message: string) => new HttpError(409, message);
export const gone = (message: string) => new HttpError(410, message);

/** A problem at startup that a person must fix; its message says what is wrong and how to fix it. */
export class StartupError extends Error {
  override name = 'StartupError';
}
