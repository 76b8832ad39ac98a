import type { ApiError, CreateLinkBody, Link, LinkStats } from '@shortly/contracts';

/** The form fields an API message can be about. */
export type FieldName = 'url' | 'alias' | 'expiry';

/** A request the API refused (status 4xx/5xx), or one that never reached it (status 0). */
export class RequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'RequestError';
    this.status = status;
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

/** Same origin only: the edge (or the Vite dev server) proxies /api to the api. */
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
    const message = isApiError(payload)
      ? payload.message
      : `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
    throw new RequestError(response.status, message);
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

// The api names the field first: "url must use http or https, not javascript",
// 'alias "x" is already taken', "expiresAt must be in the future", ...
const FIELD_OF_SUBJECT: Record<string, FieldName> = {
  url: 'url',
  alias: 'alias',
  expiresAt: 'expiry',
  ttlSeconds: 'expiry',
};

function fieldOf(part: string): FieldName | undefined {
  const subject = /^[A-Za-z]+/.exec(part)?.[0];
  if (subject && Object.hasOwn(FIELD_OF_SUBJECT, subject)) return FIELD_OF_SUBJECT[subject];
  // "give either expiresAt or ttlSeconds, not both" is about the expiry too.
  if (/\b(expiresAt|ttlSeconds)\b/.test(part)) return 'expiry';
  return undefined;
}

/** Splits an API message (several rules are joined by "; ") into per-field and general messages. */
export function sortErrorMessage(message: string): SortedErrors {
  const sorted: SortedErrors = { fields: {}, general: [] };
  for (const part of message.split('; ').map((text) => text.trim())) {
    if (!part) continue;
    const field = fieldOf(part);
    if (field === undefined) sorted.general.push(part);
    else sorted.fields[field] = sorted.fields[field] ? `${sorted.fields[field]}; ${part}` : part;
  }
  return sorted;
}
