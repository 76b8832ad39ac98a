import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { HttpError, notFound } from '../../../errors.ts';
import { FLAGS } from '../../../flags/feature-flags.ts';
import { createCodeGenerator } from '../../../links/code-generator.ts';
import { assertAliasAllowed, isPossibleCode, isReservedCode } from '../../../links/codes.ts';
import { resolveExpiry } from '../../../links/expiry.ts';
import { toLink, toLinkStats } from '../../../links/link-view.ts';
import { normaliseTargetUrl } from '../../../links/url-policy.ts';
import { createLinkSchema, deleteLinkSchema, getLinkSchema, listLinksSchema, qrSchema } from './schema.ts';

/** Attempts at a free random code; with 56^7 codes a second attempt is already rare. */
const CODE_ATTEMPTS = 5;

/** A digest of the create request, key order aside: what an Idempotency-Key is bound to. */
function fingerprint(body: object): string {
  const sorted = Object.fromEntries(Object.entries(body).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

const linkRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config, flags, links, metrics } = fastify;
  const generateCode = createCodeGenerator(config.codeLength);
  const urlPolicy = { publicHostname: config.publicHostname, blockedHosts: config.blockedHosts };
  const rule = (name: 'create' | 'read') => ({
    rateLimit: { max: config.rateLimit[name].max, timeWindow: config.rateLimit[name].windowMs },
  });

  // Q(app-retry-backoff): How do you make a retried request safe when the first attempt may have worked?
  // A create answered 503 (Redis stalled past the deadline) may still have been stored.
  // With an Idempotency-Key header, as payment APIs take it, a client retries with the
  // same key: the same request gets the first link back (201, Idempotent-Replayed), a
  // different request under a used key gets 422. Keys are remembered for a day.
  fastify.post('/', { schema: createLinkSchema, config: rule('create') }, async (request, reply) => {
    const { alias, maxVisits } = request.body;
    const now = Date.now();
    const link = {
      url: normaliseTargetUrl(request.body.url, urlPolicy),
      createdAt: now,
      expiresAt: resolveExpiry(request.body, now),
      maxVisits: maxVisits ?? null,
    };
    const key = request.headers['idempotency-key'];
    const idempotency = key === undefined ? undefined : { key, fingerprint: fingerprint(request.body) };
    if (alias !== undefined) assertAliasAllowed(alias);

    let code: string | undefined;
    for (let attempt = 0; attempt < CODE_ATTEMPTS && code === undefined; attempt++) {
      const candidate = alias ?? generateCode();
      if (alias === undefined && isReservedCode(candidate)) continue;
      const outcome = await links.create({ ...link, code: candidate }, idempotency);
      if (outcome.kind === 'created') code = candidate;
      else if (outcome.kind === 'replayed') return replay(reply, outcome.code);
      else if (outcome.kind === 'mismatch') {
        throw new HttpError(422, 'This Idempotency-Key was used with another request; send a new key', {
          code: 'idempotency_key_reused',
        });
      } else if (alias !== undefined) {
        throw new HttpError(409, `alias "${alias}" is already taken`, { code: 'alias_taken', field: 'alias' });
      }
    }
    if (code === undefined) throw new HttpError(503, 'Could not allocate a free code; try again');

    metrics.linksCreated.inc();
    return reply
      .code(201)
      .header('location', `/api/links/${code}`)
      .send(toLink({ ...link, code }, config.publicBaseUrl));
  });

  /** The answer to a create sent again: the link the first one made. */
  async function replay(reply: FastifyReply, code: string) {
    const stored = await links.get(code);
    if (!stored) throw notFound(`The link "${code}" this key created no longer exists`);
    return reply
      .code(201)
      .header('location', `/api/links/${code}`)
      .header('idempotent-replayed', 'true')
      .send(toLink(stored, config.publicBaseUrl));
  }

  fastify.get(
    '/',
    { schema: listLinksSchema, config: rule('read'), preHandler: fastify.requireApiKey },
    async (request) => {
      // Dark until the flag is raised for this key: the route answers as if it did not exist.
      if (!flags.isEnabled(FLAGS.recentLinks, request.apiKeyId)) throw notFound('No route for GET /api/links');
      const recent = await links.recent(Number(request.query.limit ?? 20));
      return { links: recent.map((link) => toLinkStats(link, config.publicBaseUrl)) };
    },
  );

  fastify.get('/:code', { schema: getLinkSchema, config: rule('read') }, async (request) => {
    const { code } = request.params;
    const link = isPossibleCode(code) ? await links.get(code) : null;
    if (!link) throw notFound(`No link with code "${code}"`);
    return toLinkStats(link, config.publicBaseUrl);
  });

  fastify.delete(
    '/:code',
    { schema: deleteLinkSchema, config: rule('read'), preHandler: fastify.requireApiKey },
    async (request, reply) => {
      const { code } = request.params;
      if (!isPossibleCode(code) || !(await links.delete(code))) throw notFound(`No link with code "${code}"`);
      return reply.code(204).send(null);
    },
  );

  fastify.get('/:code/qr', { schema: qrSchema, config: rule('read') }, async (request, reply) => {
    const { code } = request.params;
    const link = isPossibleCode(code) ? await links.get(code) : null;
    if (!link) throw notFound(`No link with code "${code}"`);
    const shortUrl = toLink(link, config.publicBaseUrl).shortUrl;
    // The picture of a code never changes, so browsers and CDNs may keep it a day.
    reply.header('cache-control', 'public, max-age=86400');
    if (request.query.format === 'png') {
      return reply.type('image/png').send(await QRCode.toBuffer(shortUrl, { type: 'png', margin: 2, width: 320 }));
    }
    return reply.type('image/svg+xml').send(await QRCode.toString(shortUrl, { type: 'svg', margin: 2 }));
  });
};

export default linkRoutes;
