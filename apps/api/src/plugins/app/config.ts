import fp from 'fastify-plugin';
import type { Config } from '../../env.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

/** Makes the configuration validated at startup readable everywhere as fastify.config. */
export default fp<{ config: Config }>(
  async function configPlugin(fastify, { config }) {
    fastify.decorate('config', config);
  },
  { name: 'config' },
);
