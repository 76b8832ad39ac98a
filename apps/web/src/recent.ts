import type { Link } from '@shortly/contracts';
import { useSyncExternalStore } from 'react';

/** What the browser keeps of a link it created: enough to list it and ask for its stats. */
export interface RecentLink {
  readonly code: string;
  readonly shortUrl: string;
  readonly url: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
}

export const RECENT_LINKS_KEY = 'shortly.recentLinks';
export const RECENT_LINKS_LIMIT = 10;

const NONE: readonly RecentLink[] = [];
const listeners = new Set<() => void>();
let snapshot: { raw: string | null; links: readonly RecentLink[] } = { raw: null, links: NONE };

function isRecentLink(value: unknown): value is RecentLink {
  if (typeof value !== 'object' || value === null) return false;
  const link = value as Record<string, unknown>;
  return (
    typeof link.code === 'string' &&
    typeof link.shortUrl === 'string' &&
    typeof link.url === 'string' &&
    typeof link.createdAt === 'string' &&
    (link.expiresAt === null || typeof link.expiresAt === 'string')
  );
}

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(RECENT_LINKS_KEY);
  } catch {
    return null; // Storage disabled: the list is simply empty.
  }
}

function parse(raw: string | null): readonly RecentLink[] {
  if (!raw) return NONE;
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter(isRecentLink).slice(0, RECENT_LINKS_LIMIT) : NONE;
  } catch {
    return NONE;
  }
}

/** The stored list; the same array as long as storage has not changed (useSyncExternalStore needs that). */
export function getRecentLinks(): readonly RecentLink[] {
  const raw = readRaw();
  if (raw !== snapshot.raw) snapshot = { raw, links: parse(raw) };
  return snapshot.links;
}

function write(links: readonly RecentLink[]): void {
  try {
    window.localStorage.setItem(RECENT_LINKS_KEY, JSON.stringify(links));
  } catch {
    // Full or disabled storage: the link still works, it is just not remembered.
  }
  for (const listener of listeners) listener();
}

export function rememberLink({ code, shortUrl, url, createdAt, expiresAt }: Link): void {
  const others = getRecentLinks().filter((link) => link.code !== code);
  write([{ code, shortUrl, url, createdAt, expiresAt }, ...others].slice(0, RECENT_LINKS_LIMIT));
}

export function forgetLink(code: string): void {
  write(getRecentLinks().filter((link) => link.code !== code));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed the list.
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

export function useRecentLinks(): readonly RecentLink[] {
  return useSyncExternalStore(subscribe, getRecentLinks, () => NONE);
}
