import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/** OpenAPI document built from the route schemas, with its UI at /docs. */
export default fp(
  async function swaggerPlugin(fastify) {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Shortly API',
          description: 'Shorten URLs, follow short links, read their stats.',
          version: '0.1.0',
        },
        servers: [{ url: fastify.config.publicBaseUrl }],
        components: {
          securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key' } },
        },
      },
    });
    // The UI needs inline styles and scripts: it sets its own CSP on its routes.
    await fastify.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  },
  { name: 'swagger', dependencies: ['config'] },
);
