import { useMemo, useSyncExternalStore } from 'react';

/**
 * The app's own places live in the URL fragment (#/stats/abc): the path belongs to the
 * web service, where anything shaped like /[A-Za-z0-9_-]{3,64} is a short link.
 */
export type Route = { readonly page: 'shorten' } | { readonly page: 'stats'; readonly code: string };

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function parseRoute(hash: string): Route {
  const match = /^#?\/stats(?:\/([^/?#]*))?\/?$/.exec(hash);
  if (match) return { page: 'stats', code: decode(match[1] ?? '').trim() };
  return { page: 'shorten' };
}

export const href = {
  shorten: '#/',
  stats: (code = ''): string => (code ? `#/stats/${encodeURIComponent(code)}` : '#/stats'),
};

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(
    subscribe,
    () => window.location.hash,
    () => '',
  );
  return useMemo(() => parseRoute(hash), [hash]);
}

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}
