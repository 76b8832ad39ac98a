import fp from 'fastify-plugin';
import { HttpError } from '../../errors.ts';

// HTTP/1.1 requires a Host header (RFC 9112, 3.2): without one the request is refused
// with the API's usual JSON error, where Node's own check would send an empty 400.
export default fp(
  async function hostHeaderPlugin(fastify) {
    fastify.addHook('onRequest', (request, _reply, done) => {
      const missing = request.raw.httpVersion === '1.1' && request.headers.host === undefined;
      done(
        missing
          ? new HttpError(400, 'An HTTP/1.1 request must have a Host header', { code: 'missing_host' })
          : undefined,
      );
    });
  },
  { name: 'host-header' },
);
