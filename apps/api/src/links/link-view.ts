import type { Link, LinkStats } from '@shortly/contracts';
import type { NewLink, StoredLink } from './link-store.ts';

const iso = (epochMs: number | null): string | null => (epochMs === null ? null : new Date(epochMs).toISOString());

export function toLink(link: NewLink, publicBaseUrl: string): Link {
  return {
    code: link.code,
    shortUrl: `${publicBaseUrl}/${link.code}`,
    url: link.url,
    createdAt: new Date(link.createdAt).toISOString(),
    expiresAt: iso(link.expiresAt),
    maxVisits: link.maxVisits,
  };
}

export function toLinkStats(link: StoredLink, publicBaseUrl: string): LinkStats {
  return { ...toLink(link, publicBaseUrl), visits: link.visits, lastVisitAt: iso(link.lastVisitAt) };
}
