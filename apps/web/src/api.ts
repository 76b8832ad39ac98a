import type { ApiError, CreateLinkBody, Link, LinkStats } from '@shortly/contracts';

/** The form fields an API message can be about. */
export type FieldName = 'url' | 'alias' | 'expiry';

/** A request the API refused (status 4xx/5xx), or one that never reached it (status 0). */
export class RequestError extends Error {
  readonly status: number;
  /** The API's stable error code, when the answer was the API's JSON error. */
  readonly code: string | undefined;
  /** The request body's fields at fault, each with what is wrong with it. */
  readonly fields: Readonly<Record<string, string>>;

  constructor(status: number, message: string, { code, fields = {} }: Partial<Pick<ApiError, 'code' | 'fields'>> = {}) {
    super(message);
    this.name = 'RequestError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

function isApiError(body: unknown): body is ApiError {
  return typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string';
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** Same origin only: the web service (or the Vite dev server) proxies /api to the api. */
async function request<T>(path: string, { method = 'GET', body, signal }: RequestOptions = {}): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  if (signal) init.signal = signal;

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new RequestError(0, 'Shortly could not be reached. Check your connection and try again.');
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isApiError(payload)) throw new RequestError(response.status, payload.message, payload);
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    throw new RequestError(response.status, `The server answered ${status}.`);
  }
  return payload as T;
}

export function createLink(body: CreateLinkBody): Promise<Link> {
  return request<Link>('/api/links', { method: 'POST', body });
}

export function getLinkStats(code: string, signal?: AbortSignal): Promise<LinkStats> {
  return request<LinkStats>(`/api/links/${encodeURIComponent(code)}`, { signal });
}

export function qrCodeUrl(code: string, format: 'svg' | 'png' = 'svg'): string {
  const path = `/api/links/${encodeURIComponent(code)}/qr`;
  return format === 'png' ? `${path}?format=png` : path;
}

/** What an error message says, sorted by the form field it is about. */
export interface SortedErrors {
  fields: Partial<Record<FieldName, string>>;
  general: string[];
}

// The request body's fields, by the form field that sets them.
const FORM_FIELD: Record<string, FieldName> = {
  url: 'url',
  alias: 'alias',
  expiresAt: 'expiry',
  ttlSeconds: 'expiry',
};

/** Sorts an API error by the form field each of its `fields` belongs to; the rest is for the whole form. */
export function sortErrors(error: RequestError): SortedErrors {
  const sorted: SortedErrors = { fields: {}, general: [] };
  const entries = Object.entries(error.fields);
  for (const [name, message] of entries) {
    const field = Object.hasOwn(FORM_FIELD, name) ? FORM_FIELD[name] : undefined;
    if (field === undefined) sorted.general.push(message);
    else sorted.fields[field] = sorted.fields[field] ? `${sorted.fields[field]}; ${message}` : message;
  }
  if (entries.length === 0) sorted.general.push(error.message);
  return sorted;
}
