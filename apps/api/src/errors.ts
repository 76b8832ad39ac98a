import { STATUS_CODES } from 'node:http';

/** The reason phrase of a status code ("Not Found"), for error bodies. */
export const reasonPhrase = (statusCode: number): string => STATUS_CODES[statusCode] ?? 'Error';

/** An error's code when it names none of its own: its reason phrase in snake case ("not_found"). */
export const statusErrorCode = (statusCode: number): string =>
  reasonPhrase(statusCode)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** An error whose status and message are meant for the client (4xx) or are safe to show (503). */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly statusCode: number;
  /** The stable `code` of the error body. */
  readonly code: string;
  /** The request fields the message is about, each with the message. */
  readonly fields: Readonly<Record<string, string>> | undefined;

  constructor(statusCode: number, message: string, { code, field }: { code?: string; field?: string } = {}) {
    super(message);
    this.statusCode = statusCode;
    this.code = code ?? statusErrorCode(statusCode);
    this.fields = field === undefined ? undefined : { [field]: message };
  }
}

/** A 400 about one field of the request body. */
export const invalidField = (field: string, code: string, message: string) =>
  new HttpError(400, message, { code, field });
export const notFound = (message: string) => new HttpError(404, message);
export const gone = (message: string, code: string) => new HttpError(410, message, { code });

/** A problem at startup that a person must fix; its message says what is wrong and how to fix it. */
export class StartupError extends Error {
  override name = 'StartupError';
}
