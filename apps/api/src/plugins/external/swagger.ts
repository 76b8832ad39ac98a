import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/** OpenAPI document built from the route schemas: registered at the root, before any route. */
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
  },
  { name: 'swagger', dependencies: ['config'] },
);

/** The document's UI at /docs. It needs inline styles and scripts: it sets its own CSP on its routes. */
export const swaggerUiPlugin = fp(
  async function swaggerUiPlugin(fastify) {
    await fastify.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  },
  { name: 'swagger-ui', dependencies: ['swagger'] },
);
