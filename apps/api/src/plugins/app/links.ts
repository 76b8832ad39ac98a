import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import { type CachedLink, LinkService } from '../../links/link-service.ts';
import { INVALIDATION_CHANNEL, LinkStore } from '../../links/link-store.ts';
import { VisitCounter } from '../../links/visit-counter.ts';

declare module 'fastify' {
  interface FastifyInstance {
    links: LinkService;
  }
}

const CACHE_ENTRIES = 100_000;
const CACHE_TTL_MS = 60_000;

export default fp(
  async function linksPlugin(fastify) {
    const store = new LinkStore(fastify.redis, fastify.metrics.observeStore);
    const cache = new LRUCache<string, CachedLink>({ max: CACHE_ENTRIES, ttl: CACHE_TTL_MS });
    const counter = new VisitCounter((batch) => store.recordVisits(batch));

    // Deletions reach every replica through Redis pub/sub. The cache is only used while
    // subscribed: after a reconnect it starts empty, since announcements may have been missed.
    const subscriber = fastify.redis.duplicate({ autoResubscribe: false });
    let subscribed = false;
    const service = new LinkService(store, cache, counter, () => subscribed);
    subscriber.on('error', (error: Error) => fastify.log.debug({ err: error }, 'invalidation subscriber error'));
    subscriber.on('close', () => {
      subscribed = false;
      cache.clear();
    });
    subscriber.on('ready', () => {
      subscriber.subscribe(INVALIDATION_CHANNEL).then(
        () => {
          cache.clear();
          subscribed = true;
        },
        (error: unknown) => fastify.log.warn({ err: error }, 'cannot subscribe to link deletions'),
      );
    });
    subscriber.on('message', (_channel: string, code: string) => service.forget(code));
    subscriber.connect().catch(() => undefined);

    counter.start(fastify.config.visitFlushIntervalMs, (error) =>
      fastify.log.warn({ err: error }, 'visit counts not written yet; retrying with the next flush'),
    );

    fastify.decorate('links', service);
    // Runs before the redis plugin's onClose (hooks close in reverse order of registration):
    // the last counts are written while the connection is still open.
    fastify.addHook('onClose', async () => {
      await counter
        .stop()
        .catch((error: unknown) => fastify.log.error({ err: error }, 'visit counts lost at shutdown'));
      subscriber.disconnect();
    });
  },
  { name: 'links', dependencies: ['redis', 'metrics', 'config'] },
);
