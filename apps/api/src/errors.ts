import { STATUS_CODES } from 'node:http';

/** An error whose status and message are meant for the client (4xx) or are safe to show (503). */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly statusCode: number;

  constructor(statusCode: number, message: string) {
    super(message);
    this.statusCode = statusCode;
  }

  get error(): string {
    return STATUS_CODES[this.statusCode] ?? 'Error';
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
