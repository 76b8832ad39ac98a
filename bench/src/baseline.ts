// The baseline: a bare Fastify server that answers the same redirects from an in-memory
// map: no Redis, no stats, no metrics, no logging, no security headers. The api's
// redirect throughput is read as a ratio of this one's, measured in the same run.
import Fastify from 'fastify';

const links = new Map<string, string>();
const server = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });

server.post<{ Body: { code: string; url: string }[] }>('/__seed', async (request) => {
  for (const { code, url } of request.body) links.set(code, url);
  return { seeded: links.size };
});

server.get<{ Params: { code: string } }>('/:code', async (request, reply) => {
  const url = links.get(request.params.code);
  if (url === undefined) return reply.code(404).send({ statusCode: 404 });
  return reply.redirect(url, 302);
});

await server.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
