import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hashApiKey } from '../../env.ts';
import { HttpError } from '../../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler for routes that change or remove data, or list everybody's links. */
    requireApiKey(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
  interface FastifyRequest {
    /** Names the API key that requireApiKey accepted (a prefix of its digest), never the key. */
    apiKeyId: string;
  }
}

// Q(secrets-management): How does the service check an API key secret without storing the key itself?
// Config holds SHA-256 digests only, so a leaked config or env dump reveals no usable key.
// The digest of the presented key is compared with every configured one in constant time
// (timingSafeEqual, and no early exit), so response timing does not leak how much matched.
export default fp(
  async function apiKeyAuthPlugin(fastify) {
    const allowed = fastify.config.apiKeyHashes;
    fastify.decorateRequest('apiKeyId', '');

    fastify.decorate('requireApiKey', async function requireApiKey(request: FastifyRequest, reply: FastifyReply) {
      const header = request.headers.authorization;
      const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
      if (!match?.[1]) {
        reply.header('www-authenticate', 'Bearer realm="shortly"');
        throw new HttpError(401, 'An API key is required: send Authorization: Bearer <key>');
      }
      const presented = hashApiKey(match[1]);
      let granted: Buffer | undefined;
      for (const digest of allowed) {
        if (timingSafeEqual(presented, digest)) granted = digest;
      }
      if (!granted) throw new HttpError(403, 'This API key is not allowed to do that');
      request.apiKeyId = granted.subarray(0, 8).toString('hex');
    });
  },
  { name: 'api-key-auth', dependencies: ['config'] },
);
