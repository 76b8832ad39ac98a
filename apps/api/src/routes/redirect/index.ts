import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { RedirectStatus } from '../../env.ts';
import { gone, notFound } from '../../errors.ts';
import { isPossibleCode } from '../../links/codes.ts';
import type { CachedLink } from '../../links/link-service.ts';
import { StoreUnavailableError, type VisitOutcome } from '../../links/link-store.ts';
import { redirectSchema } from './schema.ts';

const PERMANENT_CACHE_SECONDS = 24 * 60 * 60;

/** A redirected visit's link; one served from the cache has no visit limit, so no maxVisits. */
type RedirectTarget = CachedLink & { readonly maxVisits?: number | null };

// Which redirect status, and how long it may be cached: 302/307 (the default) are not cached, so every visit reaches the service and is counted.
// 301/308 let browsers and CDNs cache the redirect and skip the service: faster, but
// visits are no longer counted. So even with a permanent status, a link that expires
// or has a visit limit is never cached, and others only for a day.
function cacheControl(status: RedirectStatus, link: RedirectTarget, now: number) {
  if (status === 302 || status === 307 || (link.maxVisits ?? null) !== null) return 'private, no-store';
  const secondsLeft = link.expiresAt === null ? PERMANENT_CACHE_SECONDS : (link.expiresAt - now) / 1000;
  const maxAge = Math.max(0, Math.min(PERMANENT_CACHE_SECONDS, Math.floor(secondsLeft)));
  return `public, max-age=${maxAge}`;
}

const redirectRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config, links, metrics } = fastify;

  function redirect(reply: FastifyReply, link: RedirectTarget, now: number): void {
    reply
      .header('cache-control', cacheControl(config.redirectStatus, link, now))
      .redirect(link.url, config.redirectStatus);
  }

  async function visitThroughStore(reply: FastifyReply, code: string, now: number): Promise<void> {
    let outcome: VisitOutcome;
    try {
      outcome = await links.visitInStore(code, now);
    } catch (error) {
      if (error instanceof StoreUnavailableError) metrics.countRedirect('error');
      throw error;
    }
    metrics.countRedirect(outcome.kind);
    switch (outcome.kind) {
      case 'redirected':
        return redirect(reply, outcome, now);
      case 'expired':
        throw gone(`The link "${code}" has expired`, 'link_expired');
      case 'exhausted':
        throw gone(`The link "${code}" has reached its visit limit`, 'visit_limit_reached');
      case 'not_found':
        throw notFound(`No link with code "${code}"`);
    }
  }

  // GET also answers HEAD (Fastify exposes HEAD routes): a HEAD is a visit like any other.
  // Not an async handler: a link in this process's cache is answered synchronously, with
  // no promise, the common case; anything else goes through the store.
  fastify.get(
    '/:code',
    {
      schema: redirectSchema,
      config: {
        rateLimit: { max: config.rateLimit.redirect.max, timeWindow: config.rateLimit.redirect.windowMs },
      },
    },
    (request, reply) => {
      const { code } = request.params;
      if (!isPossibleCode(code)) {
        metrics.countRedirect('not_found');
        throw notFound(`No link with code "${code}"`);
      }
      const now = Date.now();
      const cached = links.visitCached(code, now);
      metrics.countCacheLookup(cached !== undefined);
      if (cached === undefined) return visitThroughStore(reply, code, now);
      metrics.countRedirect('redirected');
      redirect(reply, cached, now);
    },
  );
};

export default redirectRoutes;
